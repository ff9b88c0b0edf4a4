import type { INestApplication } from '@nestjs/common';
import { DownloadModule, type DownloadModuleOptions } from 'nestjs-downloadview';
import { assertDownloadResponse, assertXAccelRedirect, assertXSendfile } from 'nestjs-downloadview/testing';
import * as fs from 'node:fs';
import request from 'supertest';
import { FIXTURES_DIR, HELLO_WORLD_PATH } from '../../sample/sample.paths';
import { SendfileModule } from '../../sample/sendfile/sendfile.module';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { rawRequest } from '../proxies/http-client';
import { generatedConfig } from '../proxies/generated-config';
import { describeProxy, startProxy, type RunningProxy } from '../proxies/proxy-server';

const HELLO = fs.readFileSync(HELLO_WORLD_PATH, 'utf8');

function sendfileApp(adapter: (typeof ADAPTERS)[number], options: DownloadModuleOptions = {}): Promise<INestApplication> {
  return createTestApp(adapter, { imports: [DownloadModule.forRoot(options), SendfileModule] });
}

describe.each(ADAPTERS)('sendfile() on %s', (adapter) => {
  describe('streamed by the application (no rule)', () => {
    let app: INestApplication;
    beforeAll(async () => (app = await sendfileApp(adapter)));
    afterAll(() => app?.close());

    // docs:start streamed
    it('shows the file inline, as django-sendfile does by default', async () => {
      const response = await request(app.getHttpServer()).get('/sendfile/hello-world.txt');
      assertDownloadResponse(response, {
        content: HELLO,
        basename: 'hello-world.txt',
        contentType: 'text/plain; charset=utf-8',
        attachment: false,
      });
    });
    // docs:end streamed

    it('saves it under attachmentFilename with the given type', async () => {
      const response = await request(app.getHttpServer()).get('/sendfile/greeting');
      assertDownloadResponse(response, { content: HELLO, basename: 'Grüße.txt', mimeType: 'text/plain', attachment: true });
    });

    it('answers Range requests like any download', async () => {
      const response = await request(app.getHttpServer()).get('/sendfile/greeting').set('Range', 'bytes=0-4');
      assertDownloadResponse(response, { status: 206, content: HELLO.slice(0, 5) });
      expect(response.headers['content-range']).toBe(`bytes 0-4/${Buffer.byteLength(HELLO)}`);
    });

    it('confines a name from the URL to root', async () => {
      const server = app.getHttpServer();
      assertDownloadResponse(await request(server).get('/sendfile/fixtures/hello-world.txt'), { content: HELLO, attachment: true });
      for (const name of ['..%2Fsample.paths.ts', '%2e%2e/sample.paths.ts', 'missing.txt']) {
        await request(server).get(`/sendfile/fixtures/${name}`).expect(404);
      }
    });
  });

  describe.each([
    ['nginx', { sourceDir: FIXTURES_DIR, destinationUrl: '/protected/' }],
    ['apache', { sourceDir: FIXTURES_DIR, destinationDir: '/var/www/fixtures' }],
    ['lighttpd', { sourceDir: FIXTURES_DIR, destinationDir: '/var/www/fixtures' }],
  ] as const)('offloaded by a sourceDir rule for %s', (backend, rule) => {
    let app: INestApplication;
    beforeAll(async () => (app = await sendfileApp(adapter, { backend, rules: [rule] })));
    afterAll(() => app?.close());

    it('answers the offload headers, keeping the name and inline disposition', async () => {
      const response = await request(app.getHttpServer()).get('/sendfile/hello-world.txt');
      const description = { basename: 'hello-world.txt', contentType: 'text/plain; charset=utf-8' };
      if (backend === 'nginx') {
        assertXAccelRedirect(response, { ...description, redirectUrl: '/protected/hello-world.txt', expires: null });
      } else {
        assertXSendfile(response, { ...description, filePath: '/var/www/fixtures/hello-world.txt', server: backend });
      }
      expect(response.headers['content-disposition']).toMatch(/^inline;/);
    });
  });
});

// docs:start behind-nginx
describeProxy('nginx', () => {
  describe.each(ADAPTERS)('with the app on %s', (adapter) => {
    let app: INestApplication;
    let proxy: RunningProxy;
    beforeAll(async () => {
      const options: DownloadModuleOptions = {
        backend: 'nginx',
        rules: [{ sourceDir: FIXTURES_DIR, destinationUrl: '/protected/' }],
      };
      app = await sendfileApp(adapter, options);
      const appPort = Number(new URL(await appUrl(app)).port);
      // nginx runs the config generated from the app's own rules.
      proxy = await startProxy('nginx', { appPort, dirs: { files: FIXTURES_DIR }, config: generatedConfig('nginx', { options }) });
    });
    afterAll(async () => {
      await proxy?.stop();
      await app?.close();
    });

    it('has nginx send the file that sendfile() named', async () => {
      const response = await rawRequest(`${proxy.url}/sendfile/greeting`);
      assertDownloadResponse(response, { content: HELLO, basename: 'Grüße.txt', attachment: true });
      expect(response.headers['x-accel-redirect']).toBeUndefined();
    });
  });
});
// docs:end behind-nginx
