import type { INestApplication } from '@nestjs/common';
import { Controller, Get } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import {
  Download,
  DownloadModule,
  type DownloadModuleOptions,
  generateProxyConfig,
  S3Storage,
  StorageService,
  WildcardPath,
} from 'nestjs-downloadview';
import { rawRequest, sha256 } from '../proxies/http-client';
import { describeProxy, type RunningProxy, startProxy } from '../proxies/proxy-server';
import { type RunningS3Server, startS3Server } from '../support/s3-server';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

const BIG_SIZE = 5 * 1024 * 1024 + 321;
const big = randomBytes(BIG_SIZE);
const enc = (name: string) => name.split('/').map(encodeURIComponent).join('/');

/** The app of the suite: every file of the storage offloaded to nginx, which fetches it from S3 presigned. */
function offloadApp(options: DownloadModuleOptions) {
  @Controller('s3')
  class ObjectsController {
    constructor(private readonly storage: StorageService) {}

    @Get('files/*')
    @Download({ attachment: false })
    file(@WildcardPath() segments: string[]) {
      return this.storage.file(segments);
    }

    @Get('attachment/*')
    @Download({ basename: 'report “final”.bin' })
    attachment(@WildcardPath() segments: string[]) {
      return this.storage.file(segments);
    }
  }
  return { imports: [DownloadModule.forRoot(options)], controllers: [ObjectsController] };
}

let s3: RunningS3Server;
let storage: S3Storage;
let options: DownloadModuleOptions;

beforeAll(async () => {
  s3 = await startS3Server();
  // docs:start s3-offload-rule
  // A clientConfig with its endpoint: the storage knows its objectsUrl, which the generated location proxies.
  storage = new S3Storage({ clientConfig: s3.clientConfig(), bucket: s3.bucket, prefix: 'media' });
  options = {
    storage,
    backend: 'nginx',
    rules: [{ sourceStorage: storage, destinationUrl: '/s3-objects/' }],
  };
  // docs:end s3-offload-rule
  await storage.save('hello.txt', 'Hello world\n');
  await storage.save('big.bin', big);
  await storage.save('docs/a b.txt', 'spaced');
  await storage.save('café/😀 ünï.txt', 'unicode and emoji');
  await storage.save("it's (1) [a]+b&c=d;e.txt", 'reserved characters');
  await new S3Storage({ clientConfig: s3.clientConfig(), bucket: s3.bucket }).save('secret.txt', 'outside the prefix');
});

afterAll(async () => {
  storage?.destroy();
  await s3?.close();
});

describeProxy('nginx', () => {
  describe.each(ADAPTERS)('S3Storage offloaded to nginx with presigned URLs (%s)', (adapter) => {
    let app: INestApplication;
    let proxy: RunningProxy;
    let base: string;
    const viaProxy = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      rawRequest(`${proxy.url}${path}`, { headers, method });

    beforeAll(async () => {
      app = await createTestApp(adapter, offloadApp(options));
      base = await appUrl(app);
      try {
        proxy = await startProxy('nginx', {
          appPort: Number(new URL(base).port),
          dirs: { files: tmpdir() }, // the harness wants one readable folder; the config serves none
          config: (run) =>
            generateProxyConfig('nginx', { options }, {
              listen: `127.0.0.1:${run.port}`,
              upstream: `127.0.0.1:${run.appPort}`,
              runtimeDir: run.tmpDir,
              user: run.user,
              group: run.group,
            }),
        });
      } catch (error) {
        await app.close();
        throw error;
      }
    });

    afterAll(async () => {
      await proxy?.stop();
      await app?.close();
    });

    beforeEach(() => s3.clearRequests());

    it('answers an empty 200 naming the presigned object below the internal location, without asking S3 anything', async () => {
      const res = await rawRequest(`${base}/s3/files/hello.txt`);
      expect(res.status).toBe(200);
      expect(res.length).toBe(0);
      const target = String(res.headers['x-accel-redirect']);
      expect(target).toMatch(/^\/s3-objects\/hello\.txt\?X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
      expect(target).toContain('X-Amz-Expires=60');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(s3.requests).toEqual([]);
    });

    it('streams the whole object from S3 through nginx, byte-identical, with the app\'s Content-Type and Content-Disposition', async () => {
      const res = await viaProxy('/s3/attachment/big.bin');
      expect(res.status).toBe(200);
      expect(res.length).toBe(BIG_SIZE);
      expect(res.sha256).toBe(sha256(big));
      expect(res.headers['content-type']).toBe('application/octet-stream');
      // Exactly what the app answered (nginx keeps it; S3's own is hidden).
      const direct = await rawRequest(`${base}/s3/attachment/big.bin`);
      expect(res.headers['content-disposition']).toBe(direct.headers['content-disposition']);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="report _final_\.bin"; filename\*=UTF-8''report%20%E2%80%9Cfinal%E2%80%9D\.bin$/);
      expect(s3.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/downloads/media/big.bin']]);
    });

    it('hides S3\'s own headers and keeps the object\'s ETag and Last-Modified as validators', async () => {
      const res = await viaProxy('/s3/files/hello.txt');
      expect(res.body.toString()).toBe('Hello world\n');
      expect(Object.keys(res.headers).filter((h) => h.startsWith('x-amz') || h.startsWith('x-accel'))).toEqual([]);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('inline; filename="hello.txt"');
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(res.headers['last-modified']).toBeDefined();
      expect(res.headers['set-cookie']).toBeUndefined();
      const again = await viaProxy('/s3/files/hello.txt', { 'if-none-match': String(res.headers.etag) });
      expect(again.status).toBe(304);
      expect(again.length).toBe(0);
    });

    it('answers a Range from S3 (206), also one ending at the last byte of the object', async () => {
      const middle = await viaProxy('/s3/files/big.bin', { range: 'bytes=1000-1999' });
      expect(middle.status).toBe(206);
      expect(middle.headers['content-range']).toBe(`bytes 1000-1999/${BIG_SIZE}`);
      expect(middle.body.equals(big.subarray(1000, 2000))).toBe(true);
      const end = await viaProxy('/s3/files/big.bin', { range: `bytes=${BIG_SIZE - 100}-` });
      expect(end.status).toBe(206);
      expect(end.headers['content-range']).toBe(`bytes ${BIG_SIZE - 100}-${BIG_SIZE - 1}/${BIG_SIZE}`);
      expect(end.body.equals(big.subarray(BIG_SIZE - 100))).toBe(true);
      // S3 read only the range: nginx passed it on instead of fetching the whole object.
      expect(s3.requests.map((r) => r.range)).toEqual(['bytes=1000-1999', `bytes=${BIG_SIZE - 100}-`]);
    });

    it('answers HEAD with the length and headers, without a body', async () => {
      const res = await viaProxy('/s3/files/big.bin', {}, 'HEAD');
      expect(res.status).toBe(200);
      expect(res.headers['content-length']).toBe(String(BIG_SIZE));
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.length).toBe(0);
      // The URL is signed for GET: nginx asks GET of S3 (`proxy_method GET`) and sends the client no body.
      expect(s3.requests.map((r) => r.method)).toEqual(['GET']);
    });

    it.each([
      ['docs/a b.txt', 'spaced'],
      ['café/😀 ünï.txt', 'unicode and emoji'],
      ["it's (1) [a]+b&c=d;e.txt", 'reserved characters'],
    ])('serves %j (names with spaces, accents and emoji survive nginx and the signature)', async (name, text) => {
      const res = await viaProxy(`/s3/files/${enc(name)}`);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(text);
    });

    it('answers a plain 404 for a missing object, S3\'s XML and headers never reaching the client', async () => {
      const res = await viaProxy('/s3/files/missing.txt');
      expect(res.status).toBe(404);
      expect(res.body.toString()).toBe('Not Found\n');
      expect(Object.keys(res.headers).filter((h) => h.startsWith('x-amz') || h.startsWith('x-accel'))).toEqual([]);
    });

    it('refuses a direct request for the internal location (404), and names that leave the prefix never reach S3', async () => {
      expect((await viaProxy('/s3-objects/hello.txt')).status).toBe(404);
      expect((await viaProxy('/s3/files/..%2Fsecret.txt')).status).toBe(404);
      expect((await viaProxy('/s3/files/%2E%2E/secret.txt')).status).toBe(404);
      expect(s3.requests.filter((r) => r.path.includes('secret'))).toEqual([]);
    });
  });
});
