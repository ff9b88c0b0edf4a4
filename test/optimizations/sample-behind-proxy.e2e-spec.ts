import type { INestApplication, Type } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DownloadModule } from 'nestjs-downloadview';
import { ApacheModule } from '../../sample/apache/apache.module';
import { CaddyModule } from '../../sample/caddy/caddy.module';
import { LighttpdModule } from '../../sample/lighttpd/lighttpd.module';
import { NginxModule } from '../../sample/nginx/nginx.module';
import { type SampleProxy, sampleOffloadRules, sampleProxyConfig, sampleProxyDirs } from '../../sample/proxy/sample-offload.config';
import { rawRequest } from '../proxies/http-client';
import { describeProxy, type RunningProxy, startProxy } from '../proxies/proxy-server';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

const MODULES: Record<SampleProxy, Type> = { nginx: NginxModule, apache: ApacheModule, lighttpd: LighttpdModule, caddy: CaddyModule };
const AWKWARD = 'party 🎉 100%.txt';
const MEDIA = (server: SampleProxy) => join(sampleProxyDirs(server).files, server);

/**
 * The sample's offload modules as `npm run start:<server>` runs them: the
 * sample's rules and routes behind the server started from the config
 * generated from those rules.
 */
for (const server of ['nginx', 'apache', 'lighttpd', 'caddy'] as const) {
  describeProxy(server, () => {
    describe.each(ADAPTERS)('sample %s module on %s', (adapter) => {
      let app: INestApplication;
      let proxy: RunningProxy;
      const dirs = sampleProxyDirs(server);

      beforeAll(async () => {
        app = await createTestApp(adapter, {
          imports: [DownloadModule.forRoot({ rules: sampleOffloadRules(server) }), MODULES[server]],
        });
        proxy = await startProxy(server, {
          appPort: Number(new URL(await appUrl(app)).port),
          dirs,
          config: (run) => sampleProxyConfig(server, run),
        });
      });

      afterAll(async () => {
        await proxy?.stop();
        await app?.close();
      });

      it.each(['optimized-by-rule', 'optimized-by-decorator'])(`has ${server} send hello-world.txt (%s)`, async (route) => {
        const direct = await rawRequest(`${await appUrl(app)}/${server}/${route}`);
        expect(direct.length).toBe(0);
        expect(direct.headers[server === 'nginx' || server === 'caddy' ? 'x-accel-redirect' : 'x-sendfile']).toEqual(expect.any(String));
        const res = await rawRequest(`${proxy.url}/${server}/${route}`);
        expect(res.status).toBe(200);
        expect(res.body.toString()).toBe('Hello world!\n');
        expect(res.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
      });

      it(`has ${server} send a name with a space, an emoji and a %`, async () => {
        const res = await rawRequest(`${proxy.url}/${server}/files/${encodeURIComponent(AWKWARD)}`);
        expect(res.status).toBe(200);
        expect(res.body.equals(readFileSync(join(MEDIA(server), AWKWARD)))).toBe(true);
      });
    });
  });
}
