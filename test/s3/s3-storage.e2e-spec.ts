import type { S3Client } from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { parse } from 'content-disposition';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { S3Storage } from 'nestjs-downloadview';
import { binaryBody } from '../core/support/binary-body';
import { parseByteranges } from '../core/support/multipart';
import { rawRequest } from '../core/support/raw-http';
import { type RunningS3Server, type S3Fault, startS3Server } from '../support/s3-server';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { s3StorageApp } from './s3-storage.fixture';

const SECRET = 'TOP SECRET: outside the prefix';
const BIG_SIZE = 8 * 1024 * 1024 + 123;
const big = randomBytes(BIG_SIZE);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Waits until `check` holds, polling; fails after `ms`. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fault: a 200 with the whole object, as a server that ignores Range answers. */
function answerWhole(ctx: Parameters<S3Fault>[0], bytes: Buffer): boolean {
  ctx.respond = false;
  ctx.res.writeHead(200, { 'content-length': String(bytes.length), 'content-type': 'application/octet-stream' });
  ctx.res.end(bytes);
  return true;
}

let s3: RunningS3Server;
let client: S3Client;
let storage: S3Storage;

beforeAll(async () => {
  s3 = await startS3Server();
  client = s3.createClient();
  storage = new S3Storage({ client, bucket: s3.bucket, prefix: 'media' });
  const outside = new S3Storage({ client, bucket: s3.bucket });
  await outside.save('secret.txt', SECRET);
  await outside.save('media-private/secret.txt', SECRET);
  await storage.save('hello.txt', 'Hello world\n');
  await storage.save('one.txt', 'x');
  await storage.save('empty.txt', '');
  await storage.save('big.bin', big);
  await storage.save('docs/a b.txt', 'spaced');
  await storage.save('café/😀 ünï.txt', 'unicode and emoji');
});

afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

describe.each(ADAPTERS)('S3Storage through StorageFile and StorageService (%s)', (adapter) => {
  let app: INestApplication;
  const get = (url: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);
  const methods = () => s3.requests.map((r) => r.method);

  beforeAll(async () => {
    app = await createTestApp(adapter, s3StorageApp(storage));
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    s3.setFault(undefined);
    s3.clearRequests();
  });

  it('answers 200 with the content, length, the object ETag and Last-Modified, after one HeadObject and one GetObject', async () => {
    const head = await client.send(new (await import('@aws-sdk/client-s3')).HeadObjectCommand({ Bucket: s3.bucket, Key: 'media/hello.txt' }));
    s3.clearRequests();
    const res = await get('/s3/one/hello.txt').expect(200);
    expect(res.body.toString()).toBe('Hello world\n');
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '12',
      'content-disposition': 'attachment; filename="hello.txt"',
      'accept-ranges': 'bytes',
      etag: head.ETag,
      'last-modified': head.LastModified!.toUTCString(),
    });
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/); // strong
    expect(methods()).toEqual(['HEAD', 'GET']);
  });

  it('serves an 8 MiB object byte for byte, with one ranged GetObject', async () => {
    const res = await get('/s3/one/big.bin').expect(200);
    expect(res.body.length).toBe(BIG_SIZE);
    expect(sha256(res.body)).toBe(sha256(big));
    expect(s3.requests.filter((r) => r.method === 'GET').map((r) => r.range)).toEqual([`bytes=0-${BIG_SIZE - 1}`]);
  });

  it('serves an empty object and a one-byte object (bytes=0-0)', async () => {
    const empty = await get('/s3/one/empty.txt').expect(200);
    expect(empty.body.length).toBe(0);
    const one = await get('/s3/one/one.txt').expect(200);
    expect(one.body.toString()).toBe('x');
    const first = await get('/s3/one/hello.txt', { range: 'bytes=0-0' }).expect(206);
    expect(first.body.toString()).toBe('H');
  });

  it('answers a range with one ranged GetObject', async () => {
    const res = await get('/s3/one/big.bin', { range: 'bytes=1048576-1048675' }).expect(206);
    expect(res.headers['content-range']).toBe(`bytes 1048576-1048675/${BIG_SIZE}`);
    expect(res.body.equals(big.subarray(1048576, 1048676))).toBe(true);
    expect(s3.requests.map((r) => [r.method, r.range])).toEqual([
      ['HEAD', undefined],
      ['GET', 'bytes=1048576-1048675'],
    ]);
  });

  it('answers a range at the end (a suffix range) with the last bytes only', async () => {
    const res = await get('/s3/one/big.bin', { range: 'bytes=-500' }).expect(206);
    expect(res.headers['content-range']).toBe(`bytes ${BIG_SIZE - 500}-${BIG_SIZE - 1}/${BIG_SIZE}`);
    expect(res.body.equals(big.subarray(BIG_SIZE - 500))).toBe(true);
    expect(s3.requests.find((r) => r.method === 'GET')?.range).toBe(`bytes=${BIG_SIZE - 500}-${BIG_SIZE - 1}`);
  });

  it('answers several ranges as multipart/byteranges, one GetObject per range', async () => {
    const res = await get('/s3/one/big.bin', { range: 'bytes=0-9,5000000-5000099,-10' }).expect(206);
    const parts = parseByteranges(res.body, res.headers['content-type']);
    expect(parts.map((p) => p.headers['content-range'])).toEqual([
      `bytes 0-9/${BIG_SIZE}`,
      `bytes 5000000-5000099/${BIG_SIZE}`,
      `bytes ${BIG_SIZE - 10}-${BIG_SIZE - 1}/${BIG_SIZE}`,
    ]);
    expect(Buffer.concat(parts.map((p) => p.body)).equals(
      Buffer.concat([big.subarray(0, 10), big.subarray(5000000, 5000100), big.subarray(BIG_SIZE - 10)]),
    )).toBe(true);
    expect(methods().filter((m) => m === 'GET')).toHaveLength(3);
  });

  it('answers 416 for an unsatisfiable range without a GetObject', async () => {
    const res = await get('/s3/one/hello.txt', { range: 'bytes=100-200' }).expect(416);
    expect(res.headers['content-range']).toBe('bytes */12');
    expect(methods()).toEqual(['HEAD']);
  });

  it('answers 304 to If-None-Match and If-Modified-Since after one HeadObject, without a GetObject', async () => {
    const { headers } = await get('/s3/one/hello.txt');
    s3.clearRequests();
    await get('/s3/one/hello.txt', { 'if-none-match': headers.etag }).expect(304);
    await get('/s3/one/hello.txt', { 'if-modified-since': headers['last-modified'] }).expect(304);
    expect(methods()).toEqual(['HEAD', 'HEAD']);
  });

  it('answers HEAD with the headers of the GET after one HeadObject, without a GetObject', async () => {
    const res = await request(app.getHttpServer()).head('/s3/one/big.bin').expect(200);
    expect(res.headers['content-length']).toBe(String(BIG_SIZE));
    expect(methods()).toEqual(['HEAD']);
  });

  it('serves names with spaces, unicode and emoji', async () => {
    const spaced = await get('/s3/inline/docs/a%20b.txt').expect(200);
    expect(spaced.body.toString()).toBe('spaced');
    const url = `/s3/inline/${['café', '😀 ünï.txt'].map(encodeURIComponent).join('/')}`;
    const unicode = await get(url).expect(200);
    expect(unicode.body.toString()).toBe('unicode and emoji');
    expect(parse(unicode.headers['content-disposition'])).toEqual({ type: 'inline', parameters: { filename: '😀 ünï.txt' } });
  });

  it('answers 404 for a missing object, on GET and HEAD', async () => {
    const res = await request(app.getHttpServer()).get('/s3/one/missing.txt').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
    await request(app.getHttpServer()).head('/s3/one/missing.txt').expect(404);
    await request(app.getHttpServer()).get('/s3/inline/docs/missing.txt').expect(404);
  });

  it.each([
    '/s3/one/..%2fsecret.txt',
    '/s3/one/%2e%2e%2fsecret.txt',
    '/s3/one/%252e%252e%252fsecret.txt',
    '/s3/one/hello.txt%00',
    '/s3/inline/../secret.txt',
    '/s3/inline/%2e%2e/secret.txt',
    '/s3/inline/..%2fmedia-private/secret.txt',
    '/s3/inline//secret.txt',
    '/s3/inline/..%5csecret.txt',
  ])('answers 404 to %s, never asking S3 for a key outside the prefix', async (url) => {
    const res = await rawRequest(await appUrl(app), url);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain(SECRET);
    expect(s3.requests.filter((r) => !r.path.startsWith(`/${s3.bucket}/media/`))).toEqual([]);
  });

  it('answers 404 when S3 answers 403 (a forbidden key is not revealed)', async () => {
    s3.setFault((ctx) => {
      ctx.status = 403;
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
      return true;
    });
    await request(app.getHttpServer()).get('/s3/one/hello.txt').expect(404);
  });

  it('answers 502 when S3 fails with a 5xx, on HeadObject and on GetObject', async () => {
    s3.setFault((ctx) => {
      ctx.status = 500;
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>boom</Message></Error>';
      return true;
    });
    await request(app.getHttpServer()).get('/s3/one/hello.txt').expect(502);
    s3.setFault((ctx) => {
      if (ctx.method !== 'GET') return false;
      ctx.status = 503;
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>slow</Message></Error>';
      return true;
    });
    await request(app.getHttpServer()).get('/s3/one/hello.txt').expect(502);
  });

  it('answers 504 when S3 does not answer in time', async () => {
    const slowClient = s3.createClient({ maxAttempts: 1, requestHandler: { socketTimeout: 300 } });
    const slowApp = await createTestApp(adapter, s3StorageApp(new S3Storage({ client: slowClient, bucket: s3.bucket, prefix: 'media' })));
    try {
      s3.setFault((ctx) => {
        ctx.respond = false; // never answers
        return true;
      });
      await request(slowApp.getHttpServer()).get('/s3/one/hello.txt').expect(504);
    } finally {
      s3.setFault(undefined);
      slowClient.destroy();
      await slowApp.close();
    }
  });

  describe('an S3-compatible server that ignores Range (answers 200 with the whole object)', () => {
    beforeEach(() =>
      s3.setFault((ctx) => {
        if (ctx.method !== 'GET') return false;
        const [, key] = /^\/[^/]+\/(.+)$/.exec(ctx.path)!;
        return key === 'media/big.bin' ? answerWhole(ctx, big) : answerWhole(ctx, Buffer.from('Hello world\n'));
      }),
    );

    it('serves a whole-file download all the same (the range asked for was the whole object)', async () => {
      const res = await get('/s3/one/hello.txt').expect(200);
      expect(res.body.toString()).toBe('Hello world\n');
    });

    it('answers 502 to a Range request rather than wrong bytes', async () => {
      await get('/s3/one/big.bin', { range: 'bytes=100-199' }).expect(502);
    });
  });

  it('cuts the connection when S3 sends a shorter body than announced (a truncated file never looks complete)', async () => {
    s3.setFault((ctx) => {
      if (ctx.method !== 'GET') return false;
      ctx.respond = false;
      ctx.res.writeHead(206, { 'content-length': '1000', 'content-range': `bytes 0-999/${BIG_SIZE}` });
      ctx.res.write(big.subarray(0, 100));
      setTimeout(() => ctx.res.destroy(), 50);
      return true;
    });
    const res = await rawRequest(await appUrl(app), '/s3/one/big.bin', { headers: { range: 'bytes=0-999' } });
    expect(res.complete).toBe(false);
    expect(res.body.length).toBeLessThan(1000);
  });

  it('answers 502 when S3 resets the connection before answering', async () => {
    s3.setFault((ctx) => {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return true;
    });
    await request(app.getHttpServer()).get('/s3/one/hello.txt').expect(502);
  });

  it('aborts the GetObject when the client goes away: its socket to S3 closes, none is left open', async () => {
    await get('/s3/one/hello.txt').expect(200); // the client's keep-alive pool as it will stay
    const before = await s3.openConnections();
    s3.clearRequests();
    const res = await rawRequest(await appUrl(app), '/s3/one/big.bin', { abortAfter: 64 * 1024 });
    expect(res.complete).toBe(false);
    const getObject = () => s3.requests.find((r) => r.method === 'GET');
    await eventually(() => getObject()?.finished !== undefined);
    expect(getObject()?.finished).toBe(false);
    expect(await s3.openConnections()).toBeLessThanOrEqual(before);
  });

  describe('redirect mode', () => {
    const unicodePath = ['café', '😀 ünï.txt'].map(encodeURIComponent).join('/');

    it('answers 302 to a presigned URL; S3 then sends the bytes with the headers the streamed answer has', async () => {
      const streamed = await get(`/s3/inline/${unicodePath}`).expect(200);
      s3.clearRequests();
      const redirect = await fetch(`${await appUrl(app)}/s3/redirect/${unicodePath}`, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = redirect.headers.get('location')!;
      expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/media/caf%C3%A9/`)).toBe(true);
      expect(methods()).toEqual(['HEAD']); // the app looked, S3 sends
      const direct = await fetch(location);
      expect(direct.status).toBe(200);
      expect(Buffer.from(await direct.arrayBuffer()).equals(streamed.body)).toBe(true);
      expect(direct.headers.get('content-disposition')).toBe(streamed.headers['content-disposition']);
      expect(direct.headers.get('content-type')).toBe(streamed.headers['content-type']);
    });

    it('is followed by a real HTTP client, 8 MiB byte for byte, Range honoured by S3', async () => {
      const followed = await fetch(`${await appUrl(app)}/s3/redirect/big.bin`);
      expect(followed.status).toBe(200);
      expect(followed.url.startsWith(s3.endpoint)).toBe(true);
      expect(sha256(Buffer.from(await followed.arrayBuffer()))).toBe(sha256(big));
      const ranged = await fetch(`${await appUrl(app)}/s3/redirect/big.bin`, { headers: { range: 'bytes=5000000-5000099' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(big.subarray(5000000, 5000100))).toBe(true);
    });

    it('answers 404 for a missing object and a refused name, never redirecting', async () => {
      const base = await appUrl(app);
      expect((await rawRequest(base, '/s3/redirect/missing.txt')).status).toBe(404);
      expect((await rawRequest(base, '/s3/redirect/..%2fsecret.txt')).status).toBe(404);
      expect((await rawRequest(base, '/s3/redirect/%2e%2e/secret.txt')).status).toBe(404);
    });
  });

  it('gives the wrapper no URL without publicBaseUrl and no local path', async () => {
    const res = await request(app.getHttpServer()).get('/s3/info/hello.txt').expect(200);
    expect(res.body).toEqual({ url: null, path: null });
  });
});
