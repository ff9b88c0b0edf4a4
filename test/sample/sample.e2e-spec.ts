import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertDownloadResponse } from 'nestjs-downloadview/testing';
import { AppModule } from '../../sample/app.module';
import { ExamplesService } from '../../sample/home/examples.service';
import { FIXTURES_DIR, MEDIA_ROOT } from '../../sample/sample.paths';
import { rawRequest, type RawRequestOptions, type RawResponse } from '../proxies/http-client';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

const HELLO = 'Hello world!\n';
const NOTE = fs.readFileSync(path.join(MEDIA_ROOT, 'notes', 'café menu.txt'));

/**
 * The sample app as `npm start` runs it: every example the README and the
 * docs quote answers with the right bytes and headers, on both adapters.
 */
describe.each(ADAPTERS)('sample app on %s', (adapter) => {
  let app: INestApplication;
  let base: string;
  const get = (url: string, options?: RawRequestOptions): Promise<RawResponse> => rawRequest(base + url, options);

  beforeAll(async () => {
    app = await createTestApp(adapter, { imports: [AppModule] });
    base = await appUrl(app);
  });

  afterAll(() => app.close());

  describe('path/', () => {
    it('serves fixtures/hello-world.txt by its absolute path with every download header', async () => {
      const res = await get('/path/static-path');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(HELLO);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
      expect(res.headers['content-length']).toBe('13');
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers.etag).toMatch(/^W\/"d-/);
      const mtime = fs.statSync(path.join(FIXTURES_DIR, 'hello-world.txt')).mtime;
      expect(res.headers['last-modified']).toBe(mtime.toUTCString());
    });

    it('serves a fixture named by the URL', async () => {
      const res = await get('/path/dynamic-path/hello-world.txt');
      assertDownloadResponse(res, { content: HELLO, basename: 'hello-world.txt', mimeType: 'text/plain' });
    });

    it('answers 404 for a name that climbs out of fixtures/ or does not exist', async () => {
      for (const url of ['/path/dynamic-path/..%2Fsample.paths.ts', '/path/dynamic-path/%2e%2e', '/path/dynamic-path/nope.txt']) {
        expect((await get(url)).status).toBe(404);
      }
    });

    it('sends the decorator basename and Cache-Control', async () => {
      const res = await get('/path/renamed');
      expect(res.body.toString()).toBe(HELLO);
      expect(res.headers['content-disposition']).toBe('attachment; filename="greeting.txt"');
      expect(res.headers['cache-control']).toBe('public, max-age=3600');
    });

    it('answers a Range with 206 and the bytes asked for', async () => {
      const res = await get('/path/static-path', { headers: { Range: 'bytes=6-10' } });
      expect(res.status).toBe(206);
      expect(res.body.toString()).toBe('world');
      expect(res.headers['content-range']).toBe('bytes 6-10/13');
    });
  });

  describe('storage/', () => {
    it('serves a file of the storage by the wildcard tail', async () => {
      const res = await get('/storage/files/hello-world.txt');
      assertDownloadResponse(res, { content: HELLO, attachment: true });
      expect(res.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
    });

    it('serves a nested name with a space and an accent, with an RFC 6266 filename*', async () => {
      const res = await get('/storage/files/notes/caf%C3%A9%20menu.txt');
      expect(res.status).toBe(200);
      expect(res.body.equals(NOTE)).toBe(true);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="cafe menu.txt"; filename*=UTF-8''caf%C3%A9%20menu.txt`,
      );
    });

    it('serves the inline variant as inline', async () => {
      const res = await get('/storage/inline/notes/caf%C3%A9%20menu.txt');
      expect(res.body.equals(NOTE)).toBe(true);
      expect(res.headers['content-disposition']).toMatch(/^inline; filename="cafe menu.txt"/);
    });

    it('answers 404 for an empty tail, a missing file and names that leave the storage', async () => {
      for (const url of [
        '/storage/files/',
        '/storage/files/missing.txt',
        '/storage/files/%2e%2e/fixtures/hello-world.txt',
        '/storage/files/notes/..%2F..%2Fsample.paths.ts',
        '/storage/files/%252e%252e/package.json',
      ]) {
        expect({ url, status: (await get(url)).status }).toEqual({ url, status: 404 });
      }
    });
  });

  describe('http/', () => {
    it('streams the upstream file with its length and validators', async () => {
      const [proxied, upstream] = await Promise.all([get('/http/simple-url'), get('/upstream/hello-world.txt')]);
      expect(proxied.status).toBe(200);
      expect(proxied.body.toString()).toBe(HELLO);
      expect(proxied.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(proxied.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
      expect(proxied.headers['content-length']).toBe('13');
      expect(proxied.headers.etag).toBe(upstream.headers.etag);
      expect(proxied.headers['last-modified']).toBe(upstream.headers['last-modified']);
      expect(upstream.headers['content-disposition']).toBe('inline; filename="hello-world.txt"');
    });

    it('passes a Range on to the upstream and answers its 206', async () => {
      const res = await get('/http/simple-url', { headers: { Range: 'bytes=0-4' } });
      expect(res.status).toBe(206);
      expect(res.body.toString()).toBe('Hello');
      expect(res.headers['content-range']).toBe('bytes 0-4/13');
    });

    it('passes If-None-Match on and answers the upstream 304 without a body', async () => {
      const { headers } = await get('/http/simple-url');
      const res = await get('/http/simple-url', { headers: { 'If-None-Match': String(headers.etag) } });
      expect(res.status).toBe(304);
      expect(res.length).toBe(0);
    });

    it('answers 404 when the upstream answers 404', async () => {
      expect((await get('/http/missing')).status).toBe(404);
    });
  });

  describe('virtual/', () => {
    it('serves text from memory with a strong ETag and a length', async () => {
      const res = await get('/virtual/text');
      expect(res.body.toString()).toBe(HELLO);
      expect(res.headers['content-length']).toBe('13');
      expect(res.headers.etag).toMatch(/^"/);
      expect(res.headers['accept-ranges']).toBe('bytes');
    });

    it('streams the generated CSV without a Content-Length', async () => {
      const res = await get('/virtual/generated?rows=5');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('id,square\n1,1\n2,4\n3,9\n4,16\n5,25\n');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="report.csv"');
      expect(res.headers['content-length']).toBeUndefined();
      expect(res.headers['accept-ranges']).toBeUndefined();
    });

    it('answers 400 for a row count out of bounds', async () => {
      expect((await get('/virtual/generated?rows=-1')).status).toBe(400);
      expect((await get('/virtual/generated?rows=many')).status).toBe(400);
    });

    it('answers HEAD on generated content with the headers and no body', async () => {
      const res = await get('/virtual/generated', { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.length).toBe(0);
    });

    it('serves the PNG Buffer inline, without a charset', async () => {
      const res = await get('/virtual/buffer');
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toBe('inline; filename="pixel.png"');
      expect(res.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(res.headers['content-length']).toBe(String(res.body.length));
    });
  });

  describe('custom/', () => {
    it('serves a note of the store through the custom wrapper', async () => {
      const res = await get('/custom/notes/welcome');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toMatch(/^# Welcome\n/);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="welcome.md"');
      expect(res.headers['last-modified']).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
      expect(res.headers['content-length']).toBe(String(res.body.length));
    });

    it('answers a Range of the note by slicing it', async () => {
      const res = await get('/custom/notes/welcome', { headers: { Range: 'bytes=2-8' } });
      expect(res.status).toBe(206);
      expect(res.body.toString()).toBe('Welcome');
    });

    it('answers 304 to If-Modified-Since the note date', async () => {
      const res = await get('/custom/notes/welcome', {
        headers: { 'If-Modified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT' },
      });
      expect(res.status).toBe(304);
    });

    it('answers 404 for a note that does not exist', async () => {
      expect((await get('/custom/notes/nope')).status).toBe(404);
    });
  });

  describe('examples', () => {
    it('links every example from the home page', async () => {
      const res = await get('/');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const examples = app.get(ExamplesService).list();
      expect(examples.length).toBeGreaterThan(10);
      for (const { url } of examples) expect(res.body.toString()).toContain(`href="${url.replace(/&/g, '&#38;')}"`);
    });

    it('says in the listing which examples answer an empty body without their proxy in front', async () => {
      const empty: string[] = [];
      for (const { url, description } of app.get(ExamplesService).list()) {
        const res = await get(url);
        const says = description.includes('empty body without');
        expect({ url, says }).toEqual({ url, says: res.status === 200 && res.length === 0 });
        if (says) empty.push(url);
      }
      expect(empty.sort()).toEqual(['/apache/optimized-by-decorator', '/caddy/optimized-by-decorator', '/lighttpd/optimized-by-decorator', '/nginx/optimized-by-decorator']);
      const home = (await get('/')).body.toString();
      expect(home).toContain('empty body without nginx in front');
    });

    it('lists the offloaded examples without the note behind their proxy', () => {
      const nginx = app.get(ExamplesService).list('nginx').find(({ url }) => url === '/nginx/optimized-by-decorator');
      expect(nginx?.description).not.toContain('empty body');
    });

    it('answers every listed example without a server error', async () => {
      for (const { url } of app.get(ExamplesService).list()) {
        const { status } = await get(url);
        expect({ url, status: status < 500 }).toEqual({ url, status: true });
      }
    });
  });
});
