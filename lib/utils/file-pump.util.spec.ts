import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openFileStream } from './open-file-stream.util';
import { pumpFile, untouchedLocalFile, writesNatively } from './file-pump.util';

const dir = mkdtempSync(join(tmpdir(), 'nestjs-dv-pump-'));
const contents = Array.from({ length: 8 }, (_, i) => randomBytes(1000 + i * 37));
contents.forEach((content, i) => writeFileSync(join(dir, `f${i}.bin`), content));

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** GETs `path`; answers the body read so far and whether the response completed. */
function fetchBody(path: string, onFirstChunk?: (req: ReturnType<typeof get>) => void) {
  return new Promise<{ body: Buffer; complete: boolean }>((resolve) => {
    const chunks: Buffer[] = [];
    const req = get(base + path, (res) => {
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (chunks.length === 1) onFirstChunk?.(req);
      });
      res.once('end', () => resolve({ body: Buffer.concat(chunks), complete: res.complete }));
      res.once('error', () => resolve({ body: Buffer.concat(chunks), complete: false }));
      res.once('aborted', () => resolve({ body: Buffer.concat(chunks), complete: false }));
    });
    req.once('error', () => resolve({ body: Buffer.concat(chunks), complete: false }));
  });
}

/** Serves `f<i>.bin` (optionally a range of it, in chunks of `chunk` bytes) through pumpFile. */
function servePumped(chunk: number, outcome: (err: NodeJS.ErrnoException | undefined) => void = () => undefined, announce?: number) {
  handler = async (req, res) => {
    const [name, range] = (req.url ?? '').slice(1).split('?');
    const [start, end] = range ? range.split('-').map(Number) : [undefined, undefined];
    const stream = await openFileStream(join(dir, name), start === undefined ? undefined : { start, end: end! }, chunk);
    const source = untouchedLocalFile(stream)!;
    res.writeHead(200, announce === undefined ? {} : { 'content-length': announce });
    const err = await pumpFile(source, res);
    stream.destroy();
    outcome(err);
  };
}

describe('pumpFile', () => {
  it('sends every byte of a file read in many small chunks', async () => {
    servePumped(7);
    const { body, complete } = await fetchBody('/f3.bin');
    expect(complete).toBe(true);
    expect(body.equals(contents[3])).toBe(true);
  });

  it('sends exactly the bytes of a range, chunk boundaries included', async () => {
    servePumped(64);
    const { body } = await fetchBody('/f5.bin?10-650');
    expect(body.equals(contents[5].subarray(10, 651))).toBe(true);
  });

  it('keeps concurrent downloads apart while they share pooled buffers', async () => {
    servePumped(64);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(contents.map((_, i) => fetchBody(`/f${i}.bin`)));
      answers.forEach(({ body }, i) => expect(body.equals(contents[i])).toBe(true));
    }
  });

  it('cuts the answer and reports it when the file is shorter than the range announced', async () => {
    let outcome: NodeJS.ErrnoException | undefined;
    servePumped(100, (err) => (outcome = err), 5000);
    const { body, complete } = await fetchBody('/f0.bin?0-4999');
    expect(complete).toBe(false);
    expect(body.length).toBe(1000);
    expect(outcome?.code).toBe('ERR_FILE_TRUNCATED');
  });

  it('stops reading and reports the client gone when the client disconnects', async () => {
    const big = join(dir, 'big.bin');
    writeFileSync(big, randomBytes(8 * 1024 * 1024));
    let outcome: (err: NodeJS.ErrnoException | undefined) => void = () => undefined;
    const settled = new Promise<NodeJS.ErrnoException | undefined>((resolve) => (outcome = resolve));
    servePumped(16 * 1024, outcome);
    const { complete } = await fetchBody('/big.bin', (req) => req.destroy());
    expect(complete).toBe(false);
    expect((await settled)?.code).toBe('ERR_STREAM_PREMATURE_CLOSE');
  });
});

describe('untouchedLocalFile', () => {
  it('describes a fresh stream of openFileStream()', async () => {
    const stream = await openFileStream(join(dir, 'f1.bin'), { start: 3, end: 9 }, 4096);
    expect(untouchedLocalFile(stream)).toEqual({ fd: expect.any(Number), start: 3, end: 9, chunkSize: 4096 });
    stream.destroy();
  });

  it('refuses a stream that is already being read, and any other stream', async () => {
    const stream = await openFileStream(join(dir, 'f1.bin'));
    stream.on('data', () => undefined);
    expect(untouchedLocalFile(stream)).toBeUndefined();
    expect(untouchedLocalFile(new PassThrough())).toBeUndefined();
    stream.destroy();
  });
});

describe('writesNatively', () => {
  it("accepts Node's own response and refuses one whose write() or end() a middleware replaced", async () => {
    const answers: boolean[] = [];
    handler = (_req, res) => {
      answers.push(writesNatively(res));
      const write = res.write.bind(res);
      res.write = ((chunk: Buffer) => write(chunk)) as typeof res.write;
      answers.push(writesNatively(res));
      res.end();
    };
    await fetchBody('/any');
    expect(answers).toEqual([true, false]);
  });
});
