import type { INestApplication } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDownloadFiles, type DownloadFiles } from '../../proxies/download-files.fixture';
import { rawRequest, type RawResponse } from '../../proxies/http-client';
import { startOffloadApp, type OffloadApp } from '../../proxies/offload-app.fixture';
import { describeProxy, type ProxyName, type RunningProxy, startProxy } from '../../proxies/proxy-server';
import { ADAPTERS, type AdapterName, appUrl, createTestApp } from '../../support/test-app.factory';
import { generateProxyConfig } from 'nestjs-downloadview';
import { fixtureProxySource, offloadFixtureModule } from './offload-fixture.module';
import { defineCommonScenarios, GZIP_NAME } from './offload-scenarios';

export { GZIP_NAME, urlOf } from './offload-scenarios';

/** What a suite's tests can reach once the app and the proxy run. */
export interface OffloadSuite {
  server: ProxyName;
  adapter: AdapterName;
  fx: DownloadFiles;
  origin: OffloadApp;
  app: INestApplication;
  proxy: RunningProxy;
  /** A request through the proxy (path percent-encoded by the caller). */
  viaProxy(path: string, headers?: Record<string, string>, method?: string): Promise<RawResponse>;
  /** The same request straight to the app, bypassing the proxy. */
  direct(path: string, headers?: Record<string, string>, method?: string): Promise<RawResponse>;
}

/**
 * Runs the offload e2e scenarios behind the real `server`, on Express and on
 * Fastify: one app and one proxy per adapter, the files made once per file.
 * `more` adds the server's own scenarios with access to the running suite.
 */
export function describeOffloadSuite(server: ProxyName, more?: (suite: () => OffloadSuite) => void): void {
  describeProxy(server, () => {
    let fx: DownloadFiles;
    let origin: OffloadApp;

    beforeAll(async () => {
      fx = await createDownloadFiles(21 * 1024 * 1024);
      await writeFile(join(fx.files, GZIP_NAME), gzipSync(fx.small.text), { mode: 0o644 });
      origin = await startOffloadApp({ files: fx.files }); // its /origin/<path> plays the remote server
    });

    afterAll(async () => {
      await origin?.close();
      await fx?.remove();
    });

    describe.each(ADAPTERS)('on %s', (adapter) => {
      let suite: OffloadSuite;

      beforeAll(async () => {
        const fixture = { server, filesDir: fx.files, reportsDir: fx.reports, originUrl: origin.url };
        const app = await createTestApp(adapter, offloadFixtureModule(fixture));
        const base = await appUrl(app);
        let proxy: RunningProxy;
        try {
          // The proxy runs the config the library generates from the app's own rules.
          const source = fixtureProxySource(fixture);
          proxy = await startProxy(server, {
            appPort: Number(new URL(base).port),
            dirs: { files: fx.files, reports: fx.reports },
            config: (run) =>
              generateProxyConfig(server, source, {
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
        suite = {
          server,
          adapter,
          fx,
          origin,
          app,
          proxy,
          viaProxy: (path, headers = {}, method = 'GET') => rawRequest(`${proxy.url}${path}`, { headers, method }),
          direct: (path, headers = {}, method = 'GET') => rawRequest(`${base}${path}`, { headers, method }),
        };
      });

      afterAll(async () => {
        await suite?.proxy.stop();
        await suite?.app.close();
      });

      defineCommonScenarios(() => suite);
      more?.(() => suite);
    });
  });
}
