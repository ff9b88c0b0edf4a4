import { assertDownloadResponse, assertXAccelRedirect } from 'nestjs-downloadview/testing';
import request from 'supertest';
import { StorageService } from 'nestjs-downloadview';
import { rawRequest } from '../proxies/http-client';
import { generatedConfig } from '../proxies/generated-config';
import { describeProxy, startProxy, type RunningProxy } from '../proxies/proxy-server';
import { ADAPTERS, appUrl } from '../support/test-app.factory';
import { describeEachDatabase } from '../support/test-databases';
import { HELLO, MEDIA_FILES, MODIFIED_AT, seedDocuments } from './documents.seed';
import { OBJECT_DOWNLOAD_FEATURE } from './object-download.controller';
import { startTypeOrmApp, type TypeOrmTestApp } from './typeorm-app.fixture';

/** The storage publishes its files under /media/; nginx serves them from its internal /protected/. */
const OFFLOAD = { backend: 'nginx' as const, rules: [{ sourceUrl: '/media/', destinationUrl: '/protected/' }] };

describeProxy('nginx', () => {
  describeEachDatabase((db) => {
    describe.each(ADAPTERS)('an offloaded @ObjectDownload() with the app on %s', (adapter) => {
      let started: TypeOrmTestApp;
      let proxy: RunningProxy;

      beforeAll(async () => {
        started = await startTypeOrmApp(adapter, db, OBJECT_DOWNLOAD_FEATURE, { files: MEDIA_FILES, download: OFFLOAD });
        await seedDocuments(started.dataSource, started.app.get(StorageService));
        const appPort = Number(new URL(await appUrl(started.app)).port);
        // nginx runs the config generated from the app's rule, the storage's folder behind its /media/ URLs.
        proxy = await startProxy('nginx', { appPort, dirs: { files: started.media }, config: generatedConfig('nginx', { options: { ...OFFLOAD, storage: started.app.get(StorageService).storage } }) });
      });
      afterAll(async () => {
        await proxy?.stop();
        await started?.close();
      });

      it('answers X-Accel-Redirect for the file of the row, with the basename column', async () => {
        const response = await request(started.app.getHttpServer()).get('/documents/hello-world/named');
        assertXAccelRedirect(response, { redirectUrl: '/protected/object/hello-world.txt', basename: 'Greetings.txt' });
      });

      it('has nginx send the file, named after the basename column', async () => {
        const response = await rawRequest(`${proxy.url}/documents/hello-world/named`);
        assertDownloadResponse(response, {
          content: HELLO,
          basename: 'Greetings.txt',
          contentType: 'text/plain; charset=utf-8',
          attachment: true,
        });
        expect(response.headers['x-accel-redirect']).toBeUndefined();
      });

      it('keeps the mime type and charset columns in the Content-Type nginx sends', async () => {
        const response = await rawRequest(`${proxy.url}/documents/csv/meta`);
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe('text/csv; charset=iso-8859-1');
        expect(response.body).toEqual(MEDIA_FILES['object/data.csv']);
      });

      it('has nginx answer Range requests on the offloaded file', async () => {
        const response = await rawRequest(`${proxy.url}/documents/hello-world`, { headers: { Range: 'bytes=0-4' } });
        expect(response.status).toBe(206);
        expect(response.body.toString()).toBe('Hello');
      });

      it('answers 404 for no row (the app) and for a file missing from the storage (nginx)', async () => {
        expect((await rawRequest(`${proxy.url}/documents/no-such-document`)).status).toBe(404);
        expect((await rawRequest(`${proxy.url}/documents/empty`)).status).toBe(404);
        expect((await rawRequest(`${proxy.url}/documents/missing`)).status).toBe(404);
      });

      it("sends the stored file's own length and date once offloaded: size and modification time columns stay in the app", async () => {
        const sized = await rawRequest(`${proxy.url}/documents/sized/meta`);
        expect(sized.headers['content-length']).toBe(String(HELLO.length));
        expect(sized.body.toString()).toBe(HELLO);
        const dated = await rawRequest(`${proxy.url}/documents/dated/meta`);
        expect(dated.headers['last-modified']).not.toBe(MODIFIED_AT.toUTCString());
      });

      it('streams from the app instead when the encoding column sets a Content-Encoding', async () => {
        const direct = await request(started.app.getHttpServer()).get('/documents/gzipped/meta');
        expect(direct.headers['x-accel-redirect']).toBeUndefined();
        const response = await rawRequest(`${proxy.url}/documents/gzipped/meta`);
        expect(response.status).toBe(200);
        expect(response.headers['content-encoding']).toBe('gzip');
        expect(response.body).toEqual(MEDIA_FILES['object/hello.txt.gz']);
      });
    });
  });
});
