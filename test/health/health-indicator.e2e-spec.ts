import type { INestApplication } from '@nestjs/common';
import { DownloadModule, type DownloadModuleOptions } from 'nestjs-downloadview';
import { assertXAccelRedirect, assertXSendfile, temporaryMediaRoot, type TemporaryMediaRoot } from 'nestjs-downloadview/testing';
import request from 'supertest';
import { CHECK_FILE } from '../../sample/health/health.constants';
import { HealthModule } from '../../sample/health/health.module';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';

describe.each(ADAPTERS)('the sample health routes on %s', (adapter) => {
  let media: TemporaryMediaRoot;
  const apps: INestApplication[] = [];
  const start = async (options: DownloadModuleOptions) => {
    const app = await createTestApp(adapter, { imports: [DownloadModule.forRoot(options), HealthModule] });
    apps.push(app);
    return request(app.getHttpServer());
  };

  beforeAll(() => (media = temporaryMediaRoot({ files: { [CHECK_FILE]: 'check\n' } })));
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await media?.cleanup();
  });

  // docs:start indicator-up
  it('reports storage and offload up, with the header the proxy gets', async () => {
    const client = await start({
      storage: media.storage,
      backend: 'nginx',
      rules: [{ sourceDir: media.location, destinationUrl: '/protected/' }],
    });
    const response = await client.get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: {
        storage: { status: 'up', file: CHECK_FILE, size: 6, read: 6 },
        offload: { status: 'up', backend: 'nginx', header: 'x-accel-redirect', location: '/protected/healthcheck.txt' },
      },
    });
    assertXAccelRedirect(await client.get('/healthcheck-utils/download'), {
      redirectUrl: '/protected/healthcheck.txt',
      basename: CHECK_FILE,
    });
  });
  // docs:end indicator-up

  it('reports the path Apache gets, readable', async () => {
    const client = await start({
      storage: media.storage,
      backend: 'apache',
      rules: [{ sourceDir: media.location, destinationDir: '/var/www/média' }],
    });
    const response = await client.get('/health').expect(200);
    expect(response.body.info.offload).toEqual({
      status: 'up',
      backend: 'apache',
      header: 'x-sendfile',
      location: '/var/www/média/healthcheck.txt',
    });
    assertXSendfile(await client.get('/healthcheck-utils/download'), { filePath: '/var/www/média/healthcheck.txt', server: 'apache' });
  });

  it('answers 503 with the reason when no rule matches the check file', async () => {
    const client = await start({
      storage: media.storage,
      backend: 'nginx',
      rules: [{ sourceDir: '/srv/elsewhere', destinationUrl: '/protected/' }],
    });
    const response = await client.get('/health').expect(503);
    expect(response.body.error.offload).toEqual({
      status: 'down',
      message: 'no offload rule matches healthcheck.txt: the app would stream it (check backend and rules)',
    });
    expect(response.body.info.storage.status).toBe('up');
  });

  it('answers 503 naming the missing check file, and skips offload when the app does not offload', async () => {
    const empty = temporaryMediaRoot();
    try {
      const client = await start({ storage: empty.storage });
      const response = await client.get('/health').expect(503);
      expect(response.body.error).toEqual({ storage: { status: 'down', message: 'healthcheck.txt is not in the storage' } });
      expect(response.body.details.offload).toBeUndefined();
    } finally {
      await empty.cleanup();
    }
  });
});
