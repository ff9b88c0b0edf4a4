import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gunzipSync } from 'node:zlib';
import { Download, DownloadModule, PathFile } from 'nestjs-downloadview';

const dir = mkdtempSync(join(tmpdir(), 'nestjs-dv-patched-'));
const CONTENT = randomBytes(3 * 1024 * 1024 + 123); // many 256 KiB chunks
writeFileSync(join(dir, 'data.bin'), CONTENT);

@Controller('files')
class PatchedController {
  @Get(':name')
  @Download()
  get(@Param('name') name: string) {
    return new PathFile(name, { root: dir });
  }
}

@Module({ imports: [DownloadModule.forRoot({})], controllers: [PatchedController] })
class PatchedModule {}

/**
 * What compression() does to a response: writeHead() swaps Content-Length for
 * Content-Encoding, write() hands the chunk to gzip and returns what gzip
 * returns (it never calls the write callback), end() ends gzip, and 'drain'
 * listeners on the response hear gzip's 'drain' (compression() moves them to
 * its stream): a write() that returned false is followed by a 'drain', as a
 * Writable promises. Without that, a pipe into the response waits for a
 * 'drain' that only Node 20's 16 KiB response buffer happened to emit; on
 * Node 22+ (64 KiB) it never came and the download stalled.
 */
function gzipLikeCompression(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (!/gzip/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
  const gzip = createGzip();
  const [writeHead, write, end] = [res.writeHead, res.write, res.end].map((fn) => fn.bind(res)) as [
    (status: number, headers?: OutgoingHttpHeaders) => ServerResponse,
    (chunk: Buffer) => boolean,
    () => ServerResponse,
  ];
  gzip.on('data', (chunk: Buffer) => write(chunk));
  gzip.on('end', () => end());
  gzip.on('drain', () => res.emit('drain'));
  Object.assign(res, {
    writeHead(status: number, headers: OutgoingHttpHeaders = {}) {
      const { 'content-length': _length, ...rest } = headers;
      return writeHead(status, { ...rest, 'content-encoding': 'gzip' });
    },
    write: (chunk: Buffer) => gzip.write(chunk),
    end: (chunk?: Buffer) => {
      if (chunk) gzip.write(chunk);
      gzip.end();
      return res;
    },
  });
  next();
}

function download(base: string, headers: Record<string, string>): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${base}/files/data.bin`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
      );
    }).once('error', reject);
  });
}

// Only Express lets a middleware replace the raw response's methods; on
// Fastify, compression works on the reply, which the library takes over.
describe('A download through a middleware that replaced res.write() (express)', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PatchedModule] }).compile();
    app = moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
    app.use(gzipLikeCompression);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes, every chunk compressed once and in order, though write() never calls back', async () => {
    const res = await download(base, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.encoding).toBe('gzip');
    expect(gunzipSync(res.body).equals(CONTENT)).toBe(true);
  });

  it('still sends the plain file to a client that does not accept gzip', async () => {
    const res = await download(base, {});
    expect(res.encoding).toBeUndefined();
    expect(res.body.equals(CONTENT)).toBe(true);
  });
});
