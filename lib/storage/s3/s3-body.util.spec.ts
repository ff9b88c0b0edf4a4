import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { s3BodyStream } from './s3-body.util';

/** Everything `stream` gives, or the error that ended it. */
function drain(stream: Readable): Promise<{ bytes: number; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.once('end', () => resolve({ bytes }));
    stream.once('error', (error) => resolve({ bytes, error }));
  });
}

describe('s3BodyStream', () => {
  let server: Server;
  let answer: (res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const fetchBody = () =>
    new Promise<IncomingMessage>((resolve, reject) => {
      get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent: false }, resolve).on('error', reject);
    });

  it("passes Node's own answer through untouched when its Content-Length is the expected one", async () => {
    answer = (res) => res.end(Buffer.alloc(1000));
    const body = await fetchBody();
    const stream = s3BodyStream(body, 1000, new AbortController());
    expect(stream).toBe(body);
    expect(await drain(stream)).toEqual({ bytes: 1000 });
  });

  it("fails Node's answer cut before its Content-Length, and aborts the request", async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(Buffer.alloc(100));
      setTimeout(() => res.destroy(), 20);
    };
    const abort = new AbortController();
    const result = await drain(s3BodyStream(await fetchBody(), 1000, abort));
    expect(result.bytes).toBe(100);
    expect(result.error).toBeDefined();
    await new Promise(setImmediate);
    expect(abort.signal.aborted).toBe(true);
  });

  it('counts an answer whose Content-Length is not the expected one, and fails it at the end', async () => {
    answer = (res) => res.end(Buffer.alloc(500));
    const result = await drain(s3BodyStream(await fetchBody(), 1000, new AbortController()));
    expect(result.error?.code).toBe('ERR_S3_BODY_LENGTH');
  });

  it('counts any other stream: longer than expected fails, exact passes', async () => {
    const longer = new PassThrough();
    longer.end(Buffer.alloc(11));
    expect((await drain(s3BodyStream(longer, 10, new AbortController()))).error?.code).toBe('ERR_S3_BODY_LENGTH');
    const exact = new PassThrough();
    exact.end(Buffer.alloc(10));
    expect(await drain(s3BodyStream(exact, 10, new AbortController()))).toEqual({ bytes: 10 });
  });

  it('aborts the request when the stream is destroyed before its end (a client gone)', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(Buffer.alloc(100));
    };
    const abort = new AbortController();
    const body = await fetchBody();
    const stream = s3BodyStream(body, 1000, abort);
    stream.destroy();
    await new Promise((resolve) => body.socket.once('close', resolve));
    expect(abort.signal.aborted).toBe(true);
  });
});
