import { CACHE_MANAGER, CacheInterceptor } from '@nestjs/cache-manager';
import { ClassSerializerInterceptor, type INestApplication } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ADAPTERS, type AdapterName, appUrl } from '../support/test-app.factory';
import { type GlobalInterceptors, interceptorsApp } from './interceptors.fixture';
import { binaryBody } from './support/binary-body';
import { createFixtureTree, type FixtureTree } from './support/fixture-tree';
import { rawRequest } from './support/raw-http';

const ORIGIN = 'https://client.example';
const MODES: GlobalInterceptors[] = ['APP_INTERCEPTOR', 'useGlobalInterceptors'];

/** Like createTestApp, with CORS and, optionally, global interceptors set on the app. */
async function startApp(adapter: AdapterName, root: string, mode: GlobalInterceptors): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule(interceptorsApp(root, mode)).compile();
  const options = { logger: false as const, cors: { origin: ORIGIN, exposedHeaders: ['Content-Disposition'] } };
  const app =
    adapter === 'express'
      ? moduleRef.createNestApplication(new ExpressAdapter(), options)
      : moduleRef.createNestApplication(new FastifyAdapter(), options);
  if (mode === 'useGlobalInterceptors') {
    const cache = new CacheInterceptor(app.get(CACHE_MANAGER), app.get(Reflector));
    // Nest property-injects this one when it builds the interceptor itself.
    Object.assign(cache, { httpAdapterHost: app.get(HttpAdapterHost) });
    app.useGlobalInterceptors(new ClassSerializerInterceptor(app.get(Reflector)), cache);
  }
  await app.listen(0, '127.0.0.1');
  return app;
}

describe.each(ADAPTERS)('@Download() with Nest’s guards, pipes and interceptors (%s)', (adapter) => {
  let tree: FixtureTree;
  beforeAll(() => {
    tree = createFixtureTree(1024);
  });
  afterAll(() => tree?.remove());

  describe.each(MODES)('ClassSerializerInterceptor and CacheInterceptor via %s', (mode) => {
    let app: INestApplication;
    const get = (url: string, headers: Record<string, string> = {}) =>
      request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

    beforeAll(async () => {
      app = await startApp(adapter, tree.root, mode);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('still serializes plain JSON routes (the interceptors are active)', async () => {
      const res = await request(app.getHttpServer()).get('/dl/json').expect(200);
      expect(res.body).toEqual({ name: 'ada' });
    });

    it('downloads the same file again and again (nothing cached in its place)', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await get('/dl/allowed').expect(200);
        expect(res.body.toString()).toBe('Hello world\n');
        expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
      }
    });

    it('still answers 206 and 304 after a cached route was hit', async () => {
      const first = await get('/dl/allowed').expect(200);
      const part = await get('/dl/allowed', { range: 'bytes=0-4' }).expect(206);
      expect(part.body.toString()).toBe('Hello');
      await get('/dl/allowed', { 'if-none-match': first.headers.etag }).expect(304);
    });

    it('answers 403 when a guard denies the download, without opening anything', async () => {
      const res = await request(app.getHttpServer()).get('/dl/guarded').expect(403);
      expect(res.body).toMatchObject({ statusCode: 403 });
      expect(res.headers).not.toHaveProperty('content-disposition');
    });

    it('runs pipes: ParseIntPipe converts, and refuses with 400', async () => {
      const res = await get('/dl/by-id/42').expect(200);
      expect(res.body.toString()).toBe('file number 42\n');
      expect(res.headers['content-disposition']).toBe('attachment; filename="file-42.txt"');
      await request(app.getHttpServer()).get('/dl/by-id/forty-two').expect(400);
      const byQuery = await get('/dl/query').expect(200);
      expect(byQuery.body.toString()).toBe('Hello world\n');
      expect((await get('/dl/query?name=sub%2Fnested.txt').expect(200)).body.toString()).toBe('nested\n');
      await get('/dl/query?name=..%2Fsecret.txt').expect(404);
    });

    it('keeps CORS headers of the adapter on a download', async () => {
      const res = await get('/dl/allowed', { origin: ORIGIN }).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers['access-control-expose-headers']).toBe('Content-Disposition');
    });
  });

  describe('@Download() options and headers set by others', () => {
    let app: INestApplication;
    const get = (url: string) => request(app.getHttpServer()).get(url).buffer(true).parse(binaryBody);

    beforeAll(async () => {
      app = await startApp(adapter, tree.root, 'APP_INTERCEPTOR');
    });
    afterAll(async () => {
      await app?.close();
    });

    it('answers inline with attachment: false', async () => {
      const res = await get('/dl/inline').expect(200);
      expect(res.headers['content-disposition']).toBe('inline; filename="hello.txt"');
    });

    it('applies basename, mimetype, charset and cacheControl', async () => {
      const res = await get('/dl/options').expect(200);
      expect(res.headers).toMatchObject({
        'content-disposition': 'attachment; filename="renamed.dat"',
        'content-type': 'text/x-custom; charset=iso-8859-1',
        'cache-control': 'public, max-age=3600',
      });
    });

    it('sends Content-Encoding only when given, with the bytes untouched', async () => {
      const raw = await rawRequest(await appUrl(app), '/dl/encoded');
      expect(raw.headers['content-encoding']).toBe('gzip');
      expect(raw.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(raw.body.equals(tree.targz)).toBe(true);
      const plain = await rawRequest(await appUrl(app), '/dl/inline');
      expect(plain.headers).not.toHaveProperty('content-encoding');
    });

    it('lets the wrapper’s own values win over the decorator’s', async () => {
      const raw = await rawRequest(await appUrl(app), '/dl/wrapper-wins');
      expect(raw.headers).toMatchObject({
        'content-disposition': 'attachment; filename="wrapper.csv"',
        'content-type': 'text/csv; charset=latin1',
      });
      // The wrapper's `identity` (no encoding) beats the decorator's `br`, and is not sent itself.
      expect(raw.headers).not.toHaveProperty('content-encoding');
    });

    it('keeps @Header() values, cookies and headers set by other interceptors', async () => {
      const res = await get('/dl/headers').expect(200);
      expect(res.body.toString()).toBe('Hello world\n');
      expect(res.headers).toMatchObject({
        'x-custom': 'kept',
        'cache-control': 'no-store',
        'x-request-tag': 'tagged',
        'x-cache': 'MISS',
      });
      expect(res.headers['set-cookie']).toEqual(['session=abc123; Path=/; HttpOnly']);
    });

    it('keeps those headers on a 304 too', async () => {
      const first = await get('/dl/headers');
      const res = await request(app.getHttpServer()).get('/dl/headers').set('if-none-match', first.headers.etag).expect(304);
      expect(res.headers['set-cookie']).toEqual(['session=abc123; Path=/; HttpOnly']);
      expect(res.headers['x-custom']).toBe('kept');
    });
  });
});
