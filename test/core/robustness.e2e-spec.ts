import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { type Observed, robustnessApp } from './robustness.fixture';
import { createFixtureTree, type FixtureTree } from './support/fixture-tree';
import { eventually, settleFdCount, stableFdCount } from './support/open-fds';
import { rawRequest } from './support/raw-http';

/** Larger than what loopback socket buffers can hold, so an abort lands mid-stream. */
const HUGE = 64 * 1024 * 1024;

describe.each(ADAPTERS)('Robustness (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  let base: string;
  const observed: Observed = { filtered: [], streams: [], generatorClosed: false };

  beforeAll(async () => {
    tree = createFixtureTree(1024 * 1024);
    const huge = path.join(tree.root, 'huge.bin');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, HUGE); // sparse: costs no disk
    app = await createTestApp(adapter, robustnessApp(tree.root, observed));
    base = await appUrl(app);
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  beforeEach(() => {
    observed.filtered.length = 0;
    observed.streams.length = 0;
  });

  describe('404 through Nest’s exception layer', () => {
    it.each(['/null', '/undefined', '/path/missing.txt'])('answers 404 to %s, seen by the exception filter', async (url) => {
      const res = await request(app.getHttpServer()).get(url).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404 });
      expect(observed.filtered).toEqual([404]);
    });

    it('answers 404 when the file disappears between stat() and open()', async () => {
      const res = await request(app.getHttpServer()).get('/vanished/ENOENT').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404 });
    });

    it('answers 403 when the file may not be read', async () => {
      const res = await request(app.getHttpServer()).get('/vanished/EACCES').expect(403);
      expect(res.body).toMatchObject({ statusCode: 403 });
      expect(observed.filtered).toEqual([403]);
    });
  });

  describe('a client that goes away', () => {
    it('closes the file and leaves the open-fd count at its baseline', async () => {
      await rawRequest(base, '/path/hello.txt'); // warm up lazy module loading
      observed.streams.length = 0;
      const baseline = await stableFdCount();
      const res = await rawRequest(base, '/path/huge.bin', { abortAfter: 64 * 1024 });
      expect(res).toMatchObject({ status: 200, complete: false });
      expect(res.headers['content-length']).toBe(String(HUGE));
      expect(await eventually(() => observed.streams.every((s) => s.closed))).toBe(true);
      expect(observed.streams).toEqual([{ ended: false, closed: true }]);
      expect(await settleFdCount(baseline)).toBeLessThanOrEqual(baseline);
    });

    it('closes every file of several aborted downloads, ranges and multipart included', async () => {
      const baseline = await stableFdCount();
      await Promise.all([
        rawRequest(base, '/path/huge.bin', { abortAfter: 1 }),
        rawRequest(base, '/path/huge.bin', { abortAfter: 1024 * 1024 }),
        rawRequest(base, '/path/huge.bin', { abortAfter: 1, headers: { range: 'bytes=1000-' } }),
        rawRequest(base, '/path/huge.bin', { abortAfter: 1, headers: { range: 'bytes=0-20000000,30000000-' } }),
      ]);
      expect(await eventually(() => observed.streams.length >= 4 && observed.streams.every((s) => s.closed))).toBe(true);
      expect(await settleFdCount(baseline)).toBeLessThanOrEqual(baseline);
    });

    it('stops an endless generator', async () => {
      const res = await rawRequest(base, '/generated/endless', { abortAfter: 256 * 1024 });
      expect(res.complete).toBe(false);
      expect(await eventually(() => observed.generatorClosed)).toBe(true);
    });
  });

  describe('a stream that fails mid-flight', () => {
    it('cuts the connection: the client never sees a complete-looking file (Content-Length known)', async () => {
      const baseline = await stableFdCount();
      const res = await rawRequest(base, '/breaking/300000');
      expect(res.status).toBe(200);
      expect(res.headers['content-length']).toBe(String(1024 * 1024));
      expect(res.complete).toBe(false);
      expect(res.body.length).toBeLessThan(1024 * 1024);
      expect(await settleFdCount(baseline)).toBeLessThanOrEqual(baseline);
    });

    it('cuts the connection of a chunked answer before its last chunk', async () => {
      const res = await rawRequest(base, '/generated/failing');
      expect(res.status).toBe(200);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.complete).toBe(false);
    });

    it('answers 500, not a cut 200, when a generator fails before its first chunk', async () => {
      const res = await rawRequest(base, '/generated/failing-first');
      expect(res.status).toBe(500);
      expect(res.headers).not.toHaveProperty('content-disposition');
      expect(res.complete).toBe(true);
    });

    it('still answers an empty generator with an empty 200', async () => {
      const res = await rawRequest(base, '/generated/empty');
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(0);
      expect(res.complete).toBe(true);
    });

    it('keeps serving other requests afterwards', async () => {
      await request(app.getHttpServer()).get('/path/hello.txt').expect(200, 'Hello world\n');
    });
  });
});
