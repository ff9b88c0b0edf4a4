import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Download, DownloadModule, PathFile } from 'nestjs-downloadview';
import request from 'supertest';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';

// The real `fs` module object (not an interop copy): Node's ReadStream calls
// `fs.open` through it, so replacing the property sees every descriptor opened.
const realFs = require('node:fs') as typeof import('node:fs');

const dir = mkdtempSync(join(tmpdir(), 'nestjs-dv-p7-'));
const FILE = join(dir, 'report.txt');
writeFileSync(FILE, 'Twelve bytes'.repeat(100));

@Controller('files')
class P7Controller {
  @Get(':name')
  @Download({ cacheControl: 'private, max-age=60' })
  get(@Param('name') name: string) {
    return new PathFile(name, { root: dir });
  }
}

@Module({ imports: [DownloadModule.forRoot({})], controllers: [P7Controller] })
class P7Module {}

/** Replaces `target[key]` by a function that records its first argument; answers the undo. */
function tap(target: object, key: string, record: (path: unknown) => void): () => void {
  const slots = target as Record<string, (...args: unknown[]) => unknown>;
  const original = slots[key];
  slots[key] = function (this: unknown, ...args: unknown[]) {
    record(args[0]);
    return original.apply(this, args);
  };
  return () => {
    slots[key] = original;
  };
}

/** Paths passed to fs.open / fs.openSync / fs.promises.open while `send` runs. */
async function pathsOpenedDuring(send: () => Promise<unknown>): Promise<string[]> {
  const opened: string[] = [];
  const record = (path: unknown) => opened.push(String(path));
  const undo = [tap(realFs, 'open', record), tap(realFs, 'openSync', record), tap(realFs.promises, 'open', record)];
  try {
    await send();
  } finally {
    for (const restore of undo) restore();
  }
  return opened.filter((path) => path === FILE);
}

// P7 of the benchmark issue: answers without a body never open the file.
// supertest, not fetch: Node's fetch adds Cache-Control: no-cache to conditional requests.
describe.each(ADAPTERS)('Answers without a body open no file descriptor (%s)', (adapter) => {
  let app: INestApplication;
  let etag: string;
  let lastModified: string;
  const get = (headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get('/files/report.txt').set(headers);

  beforeAll(async () => {
    app = await createTestApp(adapter, { imports: [P7Module] });
    const first = await get().expect(200);
    etag = first.headers.etag;
    lastModified = first.headers['last-modified'];
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the file exactly once for a GET (the spy sees real opens)', async () => {
    const opened = await pathsOpenedDuring(() => get().expect(200));
    expect(opened).toEqual([FILE]);
  });

  it('answers HEAD with the length and opens nothing', async () => {
    const opened = await pathsOpenedDuring(async () => {
      const res = await request(app.getHttpServer()).head('/files/report.txt').expect(200);
      expect(res.headers['content-length']).toBe('1200');
    });
    expect(opened).toEqual([]);
  });

  it('answers HEAD with a Range 206 and opens nothing', async () => {
    const opened = await pathsOpenedDuring(async () => {
      const res = await request(app.getHttpServer()).head('/files/report.txt').set('Range', 'bytes=0-9').expect(206);
      expect(res.headers['content-range']).toBe('bytes 0-9/1200');
    });
    expect(opened).toEqual([]);
  });

  it('answers 304 to a matching If-None-Match and opens nothing', async () => {
    const opened = await pathsOpenedDuring(() => get({ 'if-none-match': etag }).expect(304));
    expect(opened).toEqual([]);
  });

  it('answers 304 to If-Modified-Since equal to Last-Modified and opens nothing', async () => {
    const opened = await pathsOpenedDuring(() => get({ 'if-modified-since': lastModified }).expect(304));
    expect(opened).toEqual([]);
  });

  it('answers 412 and 416 without opening the file either', async () => {
    const opened = await pathsOpenedDuring(async () => {
      await get({ 'if-match': '"other"' }).expect(412);
      await get({ range: 'bytes=5000-6000' }).expect(416);
    });
    expect(opened).toEqual([]);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
