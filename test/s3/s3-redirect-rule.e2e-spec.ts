import type { S3Client } from '@aws-sdk/client-s3';
import { Controller, Get, Header, type INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  Download,
  DownloadModule,
  type OffloadRule,
  PresignedRedirect,
  S3Storage,
  StorageFile,
  StorageService,
  WildcardPath,
} from 'nestjs-downloadview';
import { rawRequest } from '../core/support/raw-http';
import { type RunningS3Server, startS3Server } from '../support/s3-server';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

const big = randomBytes(3 * 1024 * 1024 + 17);
const UNICODE = 'café/😀 ünï menu.txt';
const enc = (name: string) => name.split('/').map(encodeURIComponent).join('/');

let s3: RunningS3Server;
let client: S3Client;
/** Redirected by the module's rule; a `client` given, so no objectsUrl: a redirect needs none. */
let storage: S3Storage;
/** Matched by no rule: streamed. */
let other: S3Storage;

function redirectApp() {
  @Controller('s3')
  class ObjectsController {
    constructor(private readonly files: StorageService) {}

    /** The module's rule: 302. */
    @Get('files/*')
    @Download()
    @Header('x-app', 'kept')
    file(@WildcardPath() segments: string[]) {
      return this.files.file(segments);
    }

    /** The same file streamed, to compare with what S3 sends. */
    @Get('streamed/*')
    @Download({ offload: false })
    streamed(@WildcardPath() segments: string[]) {
      return this.files.file(segments);
    }

    /** The route's rule, tried first: 307, inline, with a basename of its own. */
    @Get('inline/*')
    @Download({ attachment: false, basename: 'rapport “été” final.txt' })
    @PresignedRedirect({ sourceStorage: storage, redirectStatus: 307, presignExpiresIn: 30 })
    inline(@WildcardPath() segments: string[]) {
      return this.files.file(segments);
    }

    /** A file of a storage no rule names: streamed. */
    @Get('other/*')
    @Download()
    other(@WildcardPath() segments: string[]) {
      return new StorageFile(other, segments);
    }
  }
  return {
    imports: [DownloadModule.forRoot({ storage, rules: [{ backend: 'redirect', sourceStorage: storage, presignExpiresIn: 60 }] })],
    controllers: [ObjectsController],
  };
}

beforeAll(async () => {
  s3 = await startS3Server();
  client = s3.createClient();
  storage = new S3Storage({ client, bucket: s3.bucket, prefix: 'media' });
  other = new S3Storage({ client, bucket: s3.bucket, prefix: 'other' });
  await storage.save('hello.txt', 'Hello world\n');
  await storage.save('big.bin', big);
  await storage.save(UNICODE, 'unicode, emoji and spaces');
  await other.save('plain.txt', 'streamed by the app');
  await new S3Storage({ client, bucket: s3.bucket }).save('secret.txt', 'outside the prefix');
});

afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

describe.each(ADAPTERS)("redirect rules: 302/307 to a presigned S3 URL (%s)", (adapter) => {
  let app: INestApplication;
  let base: string;
  const methods = () => s3.requests.map((r) => r.method);

  beforeAll(async () => {
    app = await createTestApp(adapter, redirectApp());
    base = await appUrl(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    s3.setFault(undefined);
    s3.clearRequests();
  });

  it('answers 302 with Location, an empty body and no-store, after one HeadObject; S3 sends the streamed bytes and headers', async () => {
    const streamed = await fetch(`${base}/s3/streamed/${enc(UNICODE)}`);
    const streamedBody = Buffer.from(await streamed.arrayBuffer());
    s3.clearRequests();
    const redirect = await rawRequest(base, `/s3/files/${enc(UNICODE)}`);
    expect(redirect.status).toBe(302);
    expect(redirect.body.length).toBe(0);
    expect(redirect.headers).toMatchObject({ 'cache-control': 'no-store', 'content-length': '0', 'x-app': 'kept' });
    expect(redirect.headers['content-disposition']).toBeUndefined();
    const location = String(redirect.headers.location);
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/media/caf%C3%A9/`)).toBe(true);
    expect(location).toContain('X-Amz-Expires=60');
    expect(methods()).toEqual(['HEAD']); // the app looked, S3 sends

    const direct = await fetch(location);
    expect(direct.status).toBe(200);
    expect(Buffer.from(await direct.arrayBuffer()).equals(streamedBody)).toBe(true);
    expect(direct.headers.get('content-disposition')).toBe(streamed.headers.get('content-disposition'));
    expect(direct.headers.get('content-disposition')).toContain("filename*=UTF-8''%F0%9F%98%80%20%C3%BCn%C3%AF%20menu.txt");
    expect(direct.headers.get('content-type')).toBe(streamed.headers.get('content-type'));
  });

  it('is followed by a real HTTP client to the same bytes, 3 MiB byte for byte', async () => {
    const followed = await fetch(`${base}/s3/files/big.bin`);
    expect(followed.status).toBe(200);
    expect(followed.url.startsWith(s3.endpoint)).toBe(true);
    expect(Buffer.from(await followed.arrayBuffer()).equals(big)).toBe(true);
  });

  it('answers 307 when the route rule asks, with its own Content-Disposition and Content-Type as overrides', async () => {
    const redirect = await rawRequest(base, '/s3/inline/hello.txt');
    expect(redirect.status).toBe(307);
    const location = String(redirect.headers.location);
    expect(location).toContain('X-Amz-Expires=30');
    const direct = await fetch(location);
    expect(await direct.text()).toBe('Hello world\n');
    expect(direct.headers.get('content-disposition')).toBe(
      `inline; filename="rapport _ete_ final.txt"; filename*=UTF-8''rapport%20%E2%80%9C%C3%A9t%C3%A9%E2%80%9D%20final.txt`,
    );
    expect(direct.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('answers HEAD with the same redirect', async () => {
    const head = await rawRequest(base, '/s3/files/hello.txt', { method: 'HEAD' });
    expect(head.status).toBe(302);
    expect(String(head.headers.location).startsWith(`${s3.endpoint}/${s3.bucket}/media/hello.txt?`)).toBe(true);
  });

  it('answers 404 for a missing object and a name that leaves the storage, never redirecting', async () => {
    for (const path of ['/s3/files/missing.txt', '/s3/files/..%2fsecret.txt', '/s3/files/%2e%2e/secret.txt', '/s3/inline/missing.txt']) {
      const res = await rawRequest(base, path);
      expect([path, res.status, res.headers.location]).toEqual([path, 404, undefined]);
    }
  });

  it('answers 502 when S3 fails the HeadObject', async () => {
    s3.setFault((ctx) => {
      ctx.status = 500;
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>boom</Message></Error>';
      return true;
    });
    const res = await rawRequest(base, '/s3/files/hello.txt');
    expect(res.status).toBe(502);
    expect(res.headers.location).toBeUndefined();
  });

  it('streams a file no redirect rule matches', async () => {
    const res = await rawRequest(base, '/s3/other/plain.txt');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('streamed by the app');
    expect(res.headers.location).toBeUndefined();
  });
});

describe('redirect rules refused at start-up', () => {
  it.each([
    ['a status other than 302 or 307', { redirectStatus: 301 }, 'redirectStatus must be 302 or 307, got 301'],
    ['a proxy location', { destinationUrl: '/s3/' }, "destinationUrl is for proxies; redirect sends the client to a presigned URL"],
    ['nginx options', { expires: 60 }, 'expires is not understood by redirect'],
    ['a presign time out of range', { presignExpiresIn: 0 }, 'presignExpiresIn must be whole seconds from 1 to 604800, got 0'],
  ])('%s', async (_name, extra, message) => {
    const rules = [{ backend: 'redirect', sourceStorage: storage, ...extra }] as OffloadRule[];
    await expect(createTestApp('express', { imports: [DownloadModule.forRoot({ storage, rules })] })).rejects.toThrow(
      `rules[0] (sourceStorage): ${message}`,
    );
  });

  it('a redirect rule without sourceStorage', async () => {
    const rules = [{ backend: 'redirect' as const, sourceDir: '/srv' }];
    await expect(createTestApp('express', { imports: [DownloadModule.forRoot({ storage, rules })] })).rejects.toThrow(
      'rules[0] (sourceDir "/srv"): redirect needs sourceStorage',
    );
  });

  it('a decorator with a wrong status, when its class loads', () => {
    expect(() => {
      class Broken {
        // @ts-expect-error 301 is not a RedirectStatus
        @PresignedRedirect({ sourceStorage: storage, redirectStatus: 301 })
        file() {}
      }
      return Broken;
    }).toThrow(/@PresignedRedirect\(\) on Broken\.file: redirectStatus must be 302 or 307, got 301/);
  });
});
