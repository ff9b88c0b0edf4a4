import { Controller, Get, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Download, DownloadModule, PresignedRedirect, S3Storage, StorageService, WildcardPath } from 'nestjs-downloadview';
import { type RunningS3Server, startS3Server } from '../support/s3-server';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

/*
 * What the "S3 and S3-compatible storage" section of docs/views/storage.md
 * quotes (the docs:start / docs:end regions), run against the local S3 server.
 */

/**
 * The module of the page, made once the server's address is in the
 * environment (the storage reads S3_ENDPOINT when it is made).
 */
function appModule() {
  // docs:start s3-for-root
  const s3 = new S3Storage({
    bucket: 'downloads',
    prefix: 'media',
    clientConfig: {
      region: 'us-east-1',
      // For an S3-compatible server (MinIO, Ceph, Garage...); leave out for AWS.
      endpoint: process.env.S3_ENDPOINT,
      forcePathStyle: true,
    },
  });
  // docs:end s3-for-root

  // docs:start s3-controller
  @Controller('files')
  class FilesController {
    constructor(private readonly storage: StorageService) {}

    /** Streamed through the app: Range, 304, HEAD and 404 as for local files. */
    @Get('stream/*')
    @Download()
    stream(@WildcardPath() name: string[]) {
      return this.storage.file(name);
    }

    /** Redirected: the client downloads from S3 (or its CDN) through a presigned URL. */
    @Get('direct/*')
    @Download()
    @PresignedRedirect({ sourceStorage: s3, presignExpiresIn: 60 })
    direct(@WildcardPath() name: string[]) {
      return this.storage.file(name);
    }
  }

  @Module({
    imports: [DownloadModule.forRoot({ storage: s3 })],
    controllers: [FilesController],
  })
  class AppModule {}
  // docs:end s3-controller
  return AppModule;
}

describe.each(ADAPTERS)('the S3 examples of docs/views/storage.md (%s)', (adapter) => {
  let s3: RunningS3Server;
  let app: INestApplication;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startS3Server('downloads');
    // The SDK's default credential chain reads them from the environment, as in production.
    Object.assign(process.env, {
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    });
    const client = s3.createClient();
    await new S3Storage({ client, bucket: 'downloads', prefix: 'media' }).save('reports/q1 é.csv', 'a,b\n1,2\n');
    client.destroy();
    app = await createTestApp(adapter, { imports: [appModule()] });
  });

  afterAll(async () => {
    await app?.close();
    await s3?.close();
    process.env = saved;
  });

  it('streams a file of the bucket', async () => {
    const res = await fetch(`${await appUrl(app)}/files/stream/reports/q1%20%C3%A9.csv`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('a,b\n1,2\n');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="q1 e.csv"; filename*=UTF-8''q1%20%C3%A9.csv`);
  });

  it('redirects to S3, which sends the same file with the same Content-Disposition', async () => {
    const redirect = await fetch(`${await appUrl(app)}/files/direct/reports/q1%20%C3%A9.csv`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const res = await fetch(`${await appUrl(app)}/files/direct/reports/q1%20%C3%A9.csv`);
    expect(res.url.startsWith(s3.endpoint)).toBe(true);
    expect(await res.text()).toBe('a,b\n1,2\n');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="q1 e.csv"; filename*=UTF-8''q1%20%C3%A9.csv`);
  });

  it('answers 404 for a missing file in both modes', async () => {
    expect((await fetch(`${await appUrl(app)}/files/stream/nope.csv`)).status).toBe(404);
    expect((await fetch(`${await appUrl(app)}/files/direct/nope.csv`, { redirect: 'manual' })).status).toBe(404);
  });
});
