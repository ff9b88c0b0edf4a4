import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DownloadModule } from 'nestjs-downloadview';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';
import { BUFFER_CONTENT, globalRoutesController } from './global-interceptor.fixture';
import { binaryBody } from './support/binary-body';
import { createFixtureTree, DIGITS, type FixtureTree } from './support/fixture-tree';
import { parseByteranges } from './support/multipart';
import { openFdCount, settleFdCount, stableFdCount } from './support/open-fds';

/**
 * DownloadModule.forRoot() registers DownloadInterceptor as APP_INTERCEPTOR:
 * routes WITHOUT @Download() that return a file wrapper, or Nest's own
 * StreamableFile over a whole local file or a Buffer, are served by the
 * library (Range, conditional GET, HEAD, offload); anything else is Nest's.
 */
describe.each(ADAPTERS)('the global DownloadInterceptor (%s)', (adapter) => {
  let tree: FixtureTree;
  beforeAll(() => {
    tree = createFixtureTree(1024);
  });
  afterAll(() => tree?.remove());

  describe('DownloadModule.forRoot() (global interceptor on)', () => {
    let app: INestApplication;
    const get = (url: string, headers: Record<string, string> = {}) =>
      request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);
    const head = (url: string, headers: Record<string, string> = {}) => request(app.getHttpServer()).head(url).set(headers);

    beforeAll(async () => {
      app = await createTestApp(adapter, {
        imports: [DownloadModule.forRoot()],
        controllers: [globalRoutesController(tree.root)],
      });
    });
    afterAll(() => app?.close());

    describe('a PathFile returned without @Download()', () => {
      it('answers the full download with the library headers', async () => {
        const res = await get('/g/path/digits.txt').expect(200);
        expect(res.body.equals(Buffer.from(DIGITS))).toBe(true);
        expect(res.headers['content-disposition']).toBe('attachment; filename="digits.txt"');
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-length']).toBe(String(DIGITS.length));
        expect(res.headers['accept-ranges']).toBe('bytes');
        expect(res.headers.etag).toMatch(/^(W\/)?".+"$/);
        expect(new Date(res.headers['last-modified']).getTime()).not.toBeNaN();
      });

      it('answers 206 with the slice on Range', async () => {
        const res = await get('/g/path/digits.txt', { range: 'bytes=10-19' }).expect(206);
        expect(res.body.toString()).toBe(DIGITS.slice(10, 20));
        expect(res.headers['content-range']).toBe(`bytes 10-19/${DIGITS.length}`);
        expect(res.headers['content-length']).toBe('10');
      });

      it('answers multipart/byteranges on several ranges', async () => {
        const res = await get('/g/path/digits.txt', { range: 'bytes=0-1,60-61' }).expect(206);
        expect(res.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=/);
        const parts = parseByteranges(res.body, res.headers['content-type']);
        expect(parts.map((part) => part.body.toString())).toEqual([DIGITS.slice(0, 2), DIGITS.slice(60, 62)]);
        expect(parts.map((part) => part.headers['content-range'])).toEqual([
          `bytes 0-1/${DIGITS.length}`,
          `bytes 60-61/${DIGITS.length}`,
        ]);
      });

      it('answers 304 on If-None-Match, with no body', async () => {
        const first = await get('/g/path/digits.txt').expect(200);
        const res = await get('/g/path/digits.txt', { 'if-none-match': first.headers.etag }).expect(304);
        expect(res.body.length).toBe(0);
        expect(res.headers.etag).toBe(first.headers.etag);
      });

      it('honours If-Range: 206 when the date matches, the whole file otherwise', async () => {
        const first = await get('/g/path/digits.txt').expect(200);
        const lastModified = first.headers['last-modified'];
        const matching = await get('/g/path/digits.txt', { range: 'bytes=0-3', 'if-range': lastModified }).expect(206);
        expect(matching.body.toString()).toBe(DIGITS.slice(0, 4));
        const old = new Date(Date.parse(lastModified) - 60_000).toUTCString();
        const stale = await get('/g/path/digits.txt', { range: 'bytes=0-3', 'if-range': old }).expect(200);
        expect(stale.body.toString()).toBe(DIGITS);
        // The ETag of a PathFile is weak: If-Range compares strongly (RFC 9110 13.1.5), so the whole file.
        expect(first.headers.etag).toMatch(/^W\//);
        const weak = await get('/g/path/digits.txt', { range: 'bytes=0-3', 'if-range': first.headers.etag }).expect(200);
        expect(weak.body.toString()).toBe(DIGITS);
      });

      it('answers HEAD with the headers and no body', async () => {
        const res = await head('/g/path/digits.txt').expect(200);
        expect(res.headers['content-length']).toBe(String(DIGITS.length));
        expect(res.headers['content-disposition']).toBe('attachment; filename="digits.txt"');
        expect(res.headers['accept-ranges']).toBe('bytes');
        expect(res.body === undefined || Object.keys(res.body).length === 0 || res.text === '').toBe(true);
      });

      it('answers 404 for a name leaving the root', async () => {
        const res = await request(app.getHttpServer()).get('/g/path/..%2Fsecret.txt').expect(404);
        expect(res.text).not.toContain('TOP SECRET');
      });
    });

    describe('new StreamableFile(createReadStream(path), { type, disposition })', () => {
      it('answers 200 keeping the type (plus the default charset) and the disposition', async () => {
        const res = await get('/g/csv').expect(200);
        expect(res.body.toString()).toBe(DIGITS);
        // The library serves it as a PathFile with mimetype text/csv: text types get charset=utf-8.
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toBe('attachment; filename="report.csv"');
        expect(res.headers['content-length']).toBe(String(DIGITS.length));
        expect(res.headers['accept-ranges']).toBe('bytes');
        expect(res.headers.etag).toBeDefined();
      });

      it('answers 206 on Range and 304 on If-None-Match', async () => {
        const part = await get('/g/csv', { range: 'bytes=-5' }).expect(206);
        expect(part.body.toString()).toBe(DIGITS.slice(-5));
        expect(part.headers['content-range']).toBe(`bytes 57-61/${DIGITS.length}`);
        const first = await get('/g/csv').expect(200);
        await get('/g/csv', { 'if-none-match': first.headers.etag }).expect(304);
      });

      it('answers HEAD without a body', async () => {
        const res = await head('/g/csv').expect(200);
        expect(res.headers['content-length']).toBe(String(DIGITS.length));
        expect(res.headers['content-disposition']).toBe('attachment; filename="report.csv"');
        expect(res.text ?? '').toBe('');
      });

      it('does not leak the descriptor the route opened (200 requests)', async () => {
        const before = await stableFdCount();
        for (let i = 0; i < 200; i++) {
          const res = await get('/g/csv').expect(200);
          expect(res.body.length).toBe(DIGITS.length);
        }
        const after = await settleFdCount(before + 5);
        expect(after).toBeLessThanOrEqual(before + 5);
        expect(openFdCount()).toBeLessThan(before + 50);
      });
    });

    describe('new StreamableFile(Buffer)', () => {
      it('answers 200 with the exact bytes and Content-Length', async () => {
        const res = await get('/g/buffer').expect(200);
        expect(res.body.equals(Buffer.from(BUFFER_CONTENT))).toBe(true);
        expect(res.headers['content-length']).toBe(String(Buffer.byteLength(BUFFER_CONTENT)));
        expect(res.headers['accept-ranges']).toBe('bytes');
      });

      it('answers 206 on Range', async () => {
        const res = await get('/g/buffer', { range: 'bytes=0-4' }).expect(206);
        expect(res.body.toString()).toBe(BUFFER_CONTENT.slice(0, 5));
        expect(res.headers['content-range']).toBe(`bytes 0-4/${Buffer.byteLength(BUFFER_CONTENT)}`);
      });
    });

    it('leaves a StreamableFile over any other stream to Nest', async () => {
      const res = await get('/g/other-stream', { range: 'bytes=0-0' }).expect(200);
      expect(res.body.toString()).toBe('ab');
      expect(res.headers['accept-ranges']).toBeUndefined();
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['content-range']).toBeUndefined();
    });

    it('leaves JSON and strings untouched', async () => {
      const json = await request(app.getHttpServer()).get('/g/json').expect(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.body).toEqual({ kind: 'json', n: 1 });
      const text = await request(app.getHttpServer()).get('/g/string').expect(200);
      expect(text.text).toBe('just a string');
      expect(text.headers['content-disposition']).toBeUndefined();
      expect(text.headers['accept-ranges']).toBeUndefined();
    });
  });

  describe('offload rules apply to routes without @Download()', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp(adapter, {
        imports: [DownloadModule.forRoot({ rules: [{ sourceDir: tree.root, destinationUrl: '/protected/' }], backend: 'nginx' })],
        controllers: [globalRoutesController(tree.root)],
      });
    });
    afterAll(() => app?.close());

    it.each([
      ['a StreamableFile over createReadStream()', '/g/csv'],
      ['a PathFile', '/g/path/digits.txt'],
    ])('answers %s with an empty 200 and X-Accel-Redirect', async (_what, url) => {
      const res = await request(app.getHttpServer()).get(url).buffer(true).parse(binaryBody).expect(200);
      expect(res.headers['x-accel-redirect']).toBe('/protected/digits.txt');
      expect(res.headers['content-length']).toBe('0');
      expect(res.body.length).toBe(0);
    });

    it('keeps the StreamableFile disposition on the offloaded answer', async () => {
      const res = await request(app.getHttpServer()).get('/g/csv').expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="report.csv"');
    });
  });

  describe('DownloadModule.forRoot({ globalInterceptor: false })', () => {
    let app: INestApplication;
    const get = (url: string, headers: Record<string, string> = {}) =>
      request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);
    beforeAll(async () => {
      app = await createTestApp(adapter, {
        imports: [DownloadModule.forRoot({ globalInterceptor: false })],
        controllers: [globalRoutesController(tree.root)],
      });
    });
    afterAll(() => app?.close());

    it('leaves a PathFile of a route without @Download() to Nest (no Range, no ETag)', async () => {
      const res = await get('/g/path/digits.txt', { range: 'bytes=0-4' }).expect(200);
      expect(res.body.toString()).toBe(DIGITS);
      expect(res.headers['accept-ranges']).toBeUndefined();
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['content-range']).toBeUndefined();
    });

    it('still serves a @Download() route with its own interceptor: 206 on Range', async () => {
      const res = await get('/g/decorated', { range: 'bytes=0-4' }).expect(206);
      expect(res.body.toString()).toBe(DIGITS.slice(0, 5));
      expect(res.headers['content-range']).toBe(`bytes 0-4/${DIGITS.length}`);
    });
  });
});
