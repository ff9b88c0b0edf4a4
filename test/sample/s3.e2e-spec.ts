import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateProxyConfig, routeRulesOf } from 'nestjs-downloadview';
import type { AppModule } from '../../sample/app.module';
import type { ExamplesService } from '../../sample/home/examples.service';
import { type LocalS3, startLocalS3 } from '../../sample/s3/local-s3';
import type { S3Controller } from '../../sample/s3/s3.controller';
import type { sampleS3Storage } from '../../sample/s3/s3.storage';
import { FIXTURES_DIR, MEDIA_ROOT } from '../../sample/sample.paths';
import { rawRequest, type RawResponse } from '../proxies/http-client';
import { describeProxy, type RunningProxy, startProxy } from '../proxies/proxy-server';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

const HELLO = fs.readFileSync(path.join(FIXTURES_DIR, 'hello-world.txt'));
const NOTE = fs.readFileSync(path.join(MEDIA_ROOT, 'notes', 'café menu.txt'));
const NOTE_URL = 'notes/caf%C3%A9%20menu.txt';

// The sample as `npm start` runs it: the local S3 server started, SAMPLE_S3_ENDPOINT set, then AppModule loaded.
let localS3: LocalS3;
let sample: {
  AppModule: typeof AppModule;
  S3Controller: typeof S3Controller;
  ExamplesService: typeof ExamplesService;
  storage: typeof sampleS3Storage;
};
const previousEndpoint = process.env.SAMPLE_S3_ENDPOINT;

/* eslint-disable @typescript-eslint/no-require-imports -- loaded once SAMPLE_S3_ENDPOINT is set, as sample/main.ts does */
beforeAll(async () => {
  const started = await startLocalS3();
  if (!started) throw new Error('@20minutes/s3rver is a dev dependency: npm install');
  localS3 = started;
  process.env.SAMPLE_S3_ENDPOINT = localS3.endpoint;
  sample = {
    AppModule: require('../../sample/app.module').AppModule,
    S3Controller: require('../../sample/s3/s3.controller').S3Controller,
    ExamplesService: require('../../sample/home/examples.service').ExamplesService,
    storage: require('../../sample/s3/s3.storage').sampleS3Storage,
  };
});
/* eslint-enable @typescript-eslint/no-require-imports */

afterAll(async () => {
  sample?.storage.destroy();
  await localS3?.close();
  if (previousEndpoint === undefined) delete process.env.SAMPLE_S3_ENDPOINT;
  else process.env.SAMPLE_S3_ENDPOINT = previousEndpoint;
});

describe.each(ADAPTERS)('sample s3/ on %s', (adapter) => {
  let app: INestApplication;
  let base: string;
  const get = (url: string, headers?: Record<string, string>): Promise<RawResponse> => rawRequest(base + url, { headers });

  beforeAll(async () => {
    app = await createTestApp(adapter, { imports: [sample.AppModule] });
    base = await appUrl(app);
  });

  afterAll(() => app?.close());

  it('streams an object of the bucket through the app, with Range', async () => {
    const res = await get('/s3/stream/hello-world.txt');
    expect(res.status).toBe(200);
    expect(res.body.equals(HELLO)).toBe(true);
    expect(res.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
    const part = await get('/s3/stream/hello-world.txt', { range: 'bytes=6-10' });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe(HELLO.subarray(6, 11).toString());
    const note = await get(`/s3/stream/${NOTE_URL}`);
    expect(note.body.equals(NOTE)).toBe(true);
  });

  it('redirects to a presigned URL that S3 answers with the same bytes and Content-Disposition', async () => {
    for (const name of ['hello-world.txt', NOTE_URL]) {
      const res = await get(`/s3/redirect/${name}`);
      expect(res.status).toBe(302);
      const location = String(res.headers.location);
      expect(location.startsWith(`${process.env.SAMPLE_S3_ENDPOINT}/sample/media/`)).toBe(true);
      const fromS3 = await rawRequest(location);
      const streamed = await get(`/s3/stream/${name}`);
      expect(fromS3.status).toBe(200);
      expect(fromS3.sha256).toBe(streamed.sha256);
      expect(fromS3.headers['content-disposition']).toBe(streamed.headers['content-disposition']);
    }
  });

  it('answers 404 for a missing object, streamed or redirected', async () => {
    expect((await get('/s3/stream/nope.txt')).status).toBe(404);
    expect((await get('/s3/redirect/nope.txt')).status).toBe(404);
  });

  it('answers the offload route with the empty X-Accel-Redirect answer when no nginx is in front, and lists it so', async () => {
    const res = await get('/s3/offload/hello-world.txt');
    expect(res.status).toBe(200);
    expect(res.length).toBe(0);
    expect(String(res.headers['x-accel-redirect'])).toMatch(/^\/s3-objects\/hello-world\.txt\?X-Amz-Algorithm=/);
    const listed = app.get(sample.ExamplesService).list().filter(({ url }) => url.startsWith('/s3/'));
    expect(listed.map(({ url }) => url)).toEqual([
      '/s3/stream/hello-world.txt',
      '/s3/stream/notes/caf%C3%A9%20menu.txt',
      '/s3/redirect/hello-world.txt',
      '/s3/offload/hello-world.txt',
    ]);
    expect(listed[3].description).toContain('empty body without nginx in front');
  });

  describeProxy('nginx', () => {
    let proxy: RunningProxy;

    beforeAll(async () => {
      // The config generated from the S3 controller's own @XAccelRedirect() rule.
      proxy = await startProxy('nginx', {
        appPort: Number(new URL(base).port),
        dirs: { files: FIXTURES_DIR }, // the harness wants one readable folder; the config serves none
        config: (run) =>
          generateProxyConfig('nginx', { options: { backend: 'nginx' }, routeRules: routeRulesOf(sample.S3Controller) }, {
            listen: `127.0.0.1:${run.port}`,
            upstream: `127.0.0.1:${run.appPort}`,
            runtimeDir: run.tmpDir,
            user: run.user,
            group: run.group,
          }),
      });
    });

    afterAll(() => proxy?.stop());

    it('sends the offloaded object from S3 through nginx, byte-identical to the streamed one', async () => {
      for (const name of ['hello-world.txt', NOTE_URL]) {
        const res = await rawRequest(`${proxy.url}/s3/offload/${name}`);
        const streamed = await get(`/s3/stream/${name}`);
        expect(res.status).toBe(200);
        expect(res.sha256).toBe(streamed.sha256);
        expect(res.headers['content-disposition']).toBe(streamed.headers['content-disposition']);
        expect(res.headers['content-type']).toBe(streamed.headers['content-type']);
        expect(Object.keys(res.headers).filter((h) => h.startsWith('x-amz') || h.startsWith('x-accel'))).toEqual([]);
      }
      expect((await rawRequest(`${proxy.url}/s3/offload/nope.txt`)).status).toBe(404);
    });
  });
});
