import type { INestApplication } from '@nestjs/common';
import { parse } from 'content-disposition';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { httpFileApp } from './http-file.fixture';
import { binaryBody } from './support/binary-body';
import { eventually } from './support/open-fds';
import { rawRequest } from './support/raw-http';
import {
  REMOTE_ETAG,
  REMOTE_MODIFIED,
  REMOTE_TEXT,
  type RemoteServer,
  sha256Of,
  startRemoteServer,
  unusedPort,
} from './support/remote-server';

describe.each(ADAPTERS)('HttpFile against a local origin server (%s)', (adapter) => {
  let remote: RemoteServer;
  let app: INestApplication;
  const get = (url: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

  beforeAll(async () => {
    remote = await startRemoteServer();
    app = await createTestApp(adapter, httpFileApp(remote.url, `http://127.0.0.1:${await unusedPort()}`));
  });

  afterAll(async () => {
    await app?.close();
    await remote?.close();
  });

  it('answers 200 keeping the remote Content-Type, Content-Length, Last-Modified and ETag', async () => {
    const res = await get('/remote/files/hello.txt').expect(200);
    expect(res.body.toString()).toBe(REMOTE_TEXT);
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=iso-8859-1',
      'content-length': String(REMOTE_TEXT.length),
      'last-modified': REMOTE_MODIFIED,
      etag: REMOTE_ETAG,
      'content-disposition': 'attachment; filename="hello.txt"',
    });
  });

  it('sends the wrapper’s own headers to the remote server', async () => {
    await get('/remote/files/hello.txt').expect(200);
    expect(remote.seen.get('/files/hello.txt')).toMatchObject({ 'x-api-key': 'app-secret', 'accept-encoding': 'identity' });
  });

  it('streams a 2 MiB binary byte for byte', async () => {
    const res = await get('/remote/files/big.bin').expect(200);
    expect(res.headers['content-length']).toBe(String(remote.big.length));
    expect(sha256Of(res.body)).toBe(sha256Of(remote.big));
  });

  it('names the download from the URL path, decoded', async () => {
    const res = await get('/remote/files/r%C3%A9sum%C3%A9%20final.pdf').expect(200);
    expect(parse(res.headers['content-disposition']).parameters.filename).toBe('résumé final.pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
  });

  it('lets the decorator’s basename and mimetype win over the remote ones', async () => {
    const res = await get('/remote/renamed').expect(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="report.txt"');
  });

  it('follows redirects', async () => {
    const res = await get('/remote/files/redirect').expect(200);
    expect(res.body.toString()).toBe(REMOTE_TEXT);
  });

  it('passes Range on and answers the remote 206', async () => {
    const res = await get('/remote/files/big.bin', { range: 'bytes=100-199' }).expect(206);
    expect(remote.seen.get('/files/big.bin')?.range).toBe('bytes=100-199');
    expect(res.headers['content-range']).toBe(`bytes 100-199/${remote.big.length}`);
    expect(res.headers['content-length']).toBe('100');
    expect(res.body.equals(remote.big.subarray(100, 200))).toBe(true);
  });

  it('passes an unsatisfiable Range on and answers 416 with Content-Range', async () => {
    const res = await get('/remote/files/hello.txt', { range: 'bytes=5000-6000' }).expect(416);
    expect(res.headers['content-range']).toBe(`bytes */${REMOTE_TEXT.length}`);
  });

  it('passes conditional headers on (without fetch’s no-cache) and answers the remote 304', async () => {
    const res = await get('/remote/files/hello.txt', { 'if-none-match': REMOTE_ETAG }).expect(304);
    expect(res.body).toHaveLength(0);
    expect(res.headers).not.toHaveProperty('content-length');
    expect(res.headers.etag).toBe(REMOTE_ETAG);
    const seen = remote.seen.get('/files/hello.txt');
    expect(seen?.['if-none-match']).toBe(REMOTE_ETAG);
    expect(seen?.['cache-control']).not.toMatch(/no-cache/);
    await get('/remote/files/hello.txt', { 'if-modified-since': REMOTE_MODIFIED }).expect(304);
  });

  it('answers HEAD with a remote HEAD and no body', async () => {
    const res = await rawRequest(await appUrl(app), '/remote/files/big.bin', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(remote.big.length));
    expect(res.body).toHaveLength(0);
    expect(remote.seen.get('/files/big.bin')?.method).toBe('HEAD');
  });

  it.each([
    ['a remote 404', 'missing.txt', 404],
    ['a remote 410', 'gone', 404],
    ['a remote 500', 'broken', 502],
    ['an unexpected remote status', 'teapot', 502],
    ['a remote server that never answers', 'hang', 504],
  ])('answers %s with %d and none of the remote body', async (_label, name, status) => {
    const res = await request(app.getHttpServer()).get(`/remote/files/${name}`).expect(status);
    expect(res.body).toMatchObject({ statusCode: status });
    expect(res.text).not.toContain('internal error details');
  });

  it('answers 502 when nothing listens at the remote address', async () => {
    await request(app.getHttpServer()).get('/remote/unreachable').expect(502);
  });

  it('never sends a Content-Length that does not match the bytes (remote gzip)', async () => {
    const res = await rawRequest(await appUrl(app), '/remote/files/gzipped.txt');
    expect(res).toMatchObject({ status: 200, complete: true });
    expect(res.headers).not.toHaveProperty('content-encoding');
    expect(res.body.toString()).toBe(REMOTE_TEXT.repeat(50));
    if (res.headers['content-length'] !== undefined) {
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
    }
  });

  it('answers 502, not a cut 200, when the remote body dies before its first byte', async () => {
    const res = await rawRequest(await appUrl(app), '/remote/files/dies-before-body');
    expect(res.status).toBe(502);
    expect(res.complete).toBe(true);
  });

  it('cuts the connection when the remote body dies mid-way', async () => {
    const res = await rawRequest(await appUrl(app), '/remote/files/dies-mid-body');
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    expect(res.body.length).toBeLessThan(remote.big.length);
  });

  it('stops reading the remote body when the client goes away', async () => {
    remote.clientGone.clear();
    const res = await rawRequest(await appUrl(app), '/remote/files/endless.bin', { abortAfter: 256 * 1024 });
    expect(res).toMatchObject({ status: 200, complete: false });
    expect(res.headers).not.toHaveProperty('content-length');
    expect(await eventually(() => remote.clientGone.has('/files/endless.bin'))).toBe(true);
  });
});
