import type { INestApplication } from '@nestjs/common';
import { parse } from 'content-disposition';
import * as path from 'node:path';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { storageFileApp } from './storage-file.fixture';
import { binaryBody } from './support/binary-body';
import { createFixtureTree, type FixtureTree, SECRET, sha256 } from './support/fixture-tree';
import { rawRequest } from './support/raw-http';

describe.each(ADAPTERS)('StorageFile downloads (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  const get = (url: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

  beforeAll(async () => {
    tree = createFixtureTree(2 * 1024 * 1024);
    app = await createTestApp(adapter, storageFileApp(tree.root));
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  it('answers 200 with the content, length, validators and an attachment', async () => {
    const res = await get('/storage/one/hello.txt').expect(200);
    expect(res.body.toString()).toBe('Hello world\n');
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '12',
      'content-disposition': 'attachment; filename="hello.txt"',
      'accept-ranges': 'bytes',
      etag: expect.stringMatching(/^W\//),
      'last-modified': expect.any(String),
    });
  });

  it('serves a 2 MiB binary byte for byte', async () => {
    const res = await get('/storage/one/big.bin').expect(200);
    expect(sha256(res.body)).toBe(tree.bigSha256);
  });

  it('serves nested names inline through a wildcard route', async () => {
    const res = await get('/storage/inline/sub/deeper/deep.txt').expect(200);
    expect(res.body.toString()).toBe('deep\n');
    expect(res.headers['content-disposition']).toBe('inline; filename="deep.txt"');
  });

  it('lets the wrapper’s basename win over the decorator’s', async () => {
    const res = await get('/storage/renamed/hello.txt').expect(200);
    expect(parse(res.headers['content-disposition']).parameters.filename).toBe('wrapper’s name.txt');
  });

  it('reads a range by seeking', async () => {
    const res = await get('/storage/one/big.bin', { range: 'bytes=1048576-1048675' }).expect(206);
    expect(res.body.equals(tree.big.subarray(1048576, 1048676))).toBe(true);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { headers } = await get('/storage/one/hello.txt');
    await get('/storage/one/hello.txt', { 'if-none-match': headers.etag }).expect(304);
  });

  it('answers 404, not 500, for a missing file (django-downloadview issue 110)', async () => {
    const res = await request(app.getHttpServer()).get('/storage/one/missing.txt').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
    await request(app.getHttpServer()).head('/storage/one/missing.txt').expect(404);
    await request(app.getHttpServer()).get('/storage/inline/sub/missing.txt').expect(404);
  });

  it.each([
    '/storage/one/..%2fsecret.txt',
    '/storage/one/%2e%2e%2foutside%2fsecret.txt',
    '/storage/one/%252e%252e%252fsecret.txt',
    '/storage/one/escape.txt',
    '/storage/one/hello.txt%00',
    '/storage/inline/../secret.txt',
    '/storage/inline/%2e%2e/outside/secret.txt',
    '/storage/inline/escape-dir/secret.txt',
    '/storage/inline//etc/passwd',
    '/storage/inline/..%5csecret.txt',
  ])('answers 404 to %s and never sends what lies outside', async (url) => {
    const res = await rawRequest(await appUrl(app), url);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain(SECRET);
  });

  it('gives the wrapper the storage’s url and path', async () => {
    const res = await request(app.getHttpServer()).get('/storage/info/with%20space.txt').expect(200);
    expect(res.body).toEqual({ url: '/media/with%20space.txt', path: path.join(tree.root, 'with space.txt') });
    const refused = await request(app.getHttpServer()).get('/storage/info/..%2fsecret.txt').expect(200);
    expect(refused.body).toEqual({ url: null, path: null });
  });
});
