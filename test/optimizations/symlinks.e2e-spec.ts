import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Download,
  DownloadModule,
  type DownloadModuleOptions,
  FileSystemStorage,
  generateProxyConfig,
  type OffloadRule,
  PathFile,
  type ProxyConfigSource,
  StorageService,
  WildcardPath,
  XAccelRedirect,
  XSendfile,
} from 'nestjs-downloadview';
import { rawRequest, type RawResponse } from '../proxies/http-client';
import { describeProxy, PROXY_NAMES, type ProxyName, type ProxyRun, type RunningProxy, startProxy } from '../proxies/proxy-server';
import { makeTempDir, removeTempDir } from '../proxies/temp-dir';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { urlOf } from './support/offload-scenarios';

/**
 * Symbolic links refused on the offload path too (issue 13, item 1): the app
 * resolves the file's real path before it names the file to the proxy, so a
 * link leading out of the folder is a 404 even behind a proxy whose config
 * follows links (no `disable_symlinks`, no `server.follow-symlink = "disable"`).
 *
 * In both `files/` and `reports/`:
 *   out.txt -> ../secret.txt       a file outside
 *   out-dir -> ../outside          a folder outside (holding secret.txt)
 *   in.txt  -> hello.txt           a link that stays inside
 *   in-dir  -> sub                 a folder link that stays inside (sub/inner.txt)
 */
const SECRET = 'TOP SECRET: reached through a link out of the folder\n';
const OUT = ['out.txt', 'out-dir/secret.txt'];
const IN: Record<string, string> = { 'hello.txt': 'Hello world!\n', 'in.txt': 'Hello world!\n', 'in-dir/inner.txt': 'inner\n' };
const OFFLOAD_HEADER: Record<ProxyName, string> = {
  nginx: 'x-accel-redirect',
  apache: 'x-sendfile',
  lighttpd: 'x-sendfile',
  caddy: 'x-accel-redirect',
};
/** Servers whose config cannot refuse links (mod_xsendfile, Caddy's file_server): the app's check is all there is. */
const FOLLOWS_LINKS: readonly ProxyName[] = ['apache', 'caddy'];

async function makeFolder(folder: string): Promise<void> {
  await mkdir(join(folder, 'sub'), { recursive: true, mode: 0o755 });
  await writeFile(join(folder, 'hello.txt'), IN['hello.txt'], { mode: 0o644 });
  await writeFile(join(folder, 'sub', 'inner.txt'), IN['in-dir/inner.txt'], { mode: 0o644 });
  await symlink('../secret.txt', join(folder, 'out.txt'));
  await symlink('../outside', join(folder, 'out-dir'));
  await symlink('hello.txt', join(folder, 'in.txt'));
  await symlink('sub', join(folder, 'in-dir'));
}

/** The app's offload setup, which the proxy configs are generated from too. */
function linksSource(server: ProxyName, files: string, reports: string): ProxyConfigSource & { options: DownloadModuleOptions } {
  const byUrl = server === 'nginx' || server === 'caddy';
  const route = byUrl ? { backend: server, destinationUrl: '/protected-reports/' } : { backend: server };
  return {
    options: {
      storage: new FileSystemStorage({ location: files, baseUrl: '/media/' }),
      backend: server,
      rules: byUrl
        ? [
            { sourceUrl: '/media/', destinationUrl: '/protected/' },
            { sourceDir: files, destinationUrl: '/protected/' },
          ]
        : [{ sourceUrl: '/media/', destinationDir: files }, { sourceDir: files }],
    },
    routeRules: [
      { ...route, sourceDir: reports },
      { ...route, sourceDir: reports, allowSymlinks: true },
    ],
  };
}

/**
 * /media/*   StorageFile, global `sourceUrl` rule: the storage's location decides
 * /plain/*   PathFile following links, global `sourceDir` rule: the rule's folder alone decides
 * /reports/* PathFile with its root, route `sourceDir` rule
 * /allowed/* PathFile following links, route rule with `allowSymlinks: true`: handed to the proxy
 */
function symlinkModule(server: ProxyName, files: string, reports: string) {
  const byUrl = server === 'nginx' || server === 'caddy';
  const routeRule = (rule: Omit<OffloadRule, 'backend' | 'destinationUrl' | 'destinationDir'>) =>
    byUrl ? XAccelRedirect({ server, ...rule, destinationUrl: '/protected-reports/' }) : XSendfile({ server, ...rule });
  const { rules } = linksSource(server, files, reports).options;

  @Controller()
  class LinksController {
    constructor(private readonly storage: StorageService) {}

    @Get('media/*')
    @Download()
    media(@WildcardPath() name: string[]) {
      return this.storage.file(name);
    }

    @Get('plain/*')
    @Download()
    plain(@WildcardPath() name: string[]) {
      return new PathFile(name, { root: files, followSymlinks: true });
    }

    @Get('reports/*')
    @Download()
    @routeRule({ sourceDir: reports })
    reports(@WildcardPath() name: string[]) {
      return new PathFile(name, { root: reports });
    }

    @Get('allowed/*')
    @Download()
    @routeRule({ sourceDir: reports, allowSymlinks: true })
    allowed(@WildcardPath() name: string[]) {
      return new PathFile(name, { root: reports, followSymlinks: true });
    }
  }

  @Module({ controllers: [LinksController] })
  class LinksModule {}

  return {
    imports: [
      DownloadModule.forRoot(linksSource(server, files, reports).options),
      LinksModule,
    ],
  };
}

const REFUSING_ROUTES = ['media', 'plain', 'reports'];

for (const server of PROXY_NAMES) {
  describeProxy(server, () => {
    let base: string;
    let files: string;
    let reports: string;

    beforeAll(async () => {
      base = await makeTempDir('nestjs-dv-links');
      files = join(base, 'files');
      reports = join(base, 'reports');
      await mkdir(join(base, 'outside'), { mode: 0o755 });
      await writeFile(join(base, 'secret.txt'), SECRET, { mode: 0o644 });
      await writeFile(join(base, 'outside', 'secret.txt'), SECRET, { mode: 0o644 });
      await makeFolder(files);
      await makeFolder(reports);
    });
    afterAll(() => removeTempDir(base));

    describe.each(ADAPTERS)('on %s', (adapter) => {
      let app: INestApplication;
      let appBase: string;
      let lax: RunningProxy; // generated with followSymlinks: no symlink directive in its config
      let strict: RunningProxy; // the generated config, refusing links where the server can

      beforeAll(async () => {
        app = await createTestApp(adapter, symlinkModule(server, files, reports));
        appBase = await appUrl(app);
        const source = linksSource(server, files, reports);
        const options = (followSymlinks: boolean) => ({
          appPort: Number(new URL(appBase).port),
          dirs: { files, reports },
          config: (run: ProxyRun) =>
            generateProxyConfig(server, source, {
              listen: `127.0.0.1:${run.port}`,
              upstream: `127.0.0.1:${run.appPort}`,
              runtimeDir: run.tmpDir,
              user: run.user,
              group: run.group,
              followSymlinks,
            }),
        });
        try {
          lax = await startProxy(server, options(true));
          strict = await startProxy(server, options(false));
        } catch (error) {
          await lax?.stop();
          await app.close();
          throw error;
        }
      });
      afterAll(async () => {
        await lax?.stop();
        await strict?.stop();
        await app?.close();
      });

      const get = (proxy: RunningProxy, path: string): Promise<RawResponse> => rawRequest(`${proxy.url}${path}`);

      it('the app refuses links to a file and to a folder outside (404), naming nothing to the proxy', async () => {
        for (const route of REFUSING_ROUTES) {
          for (const name of OUT) {
            const direct = await rawRequest(`${appBase}${urlOf(route, name)}`);
            expect({ route, name, status: direct.status, header: direct.headers[OFFLOAD_HEADER[server]] }).toEqual({
              route,
              name,
              status: 404,
              header: undefined,
            });
          }
        }
      });

      it('a proxy config WITHOUT the symlink directive follows the links (allowSymlinks shows it)', async () => {
        for (const name of OUT) {
          const res = await get(lax, urlOf('allowed', name));
          expect({ name, status: res.status, body: res.body.toString() }).toEqual({ name, status: 200, body: SECRET });
        }
      });

      it("behind that proxy, the app's check alone refuses links out of the folder (404)", async () => {
        for (const route of REFUSING_ROUTES) {
          for (const name of OUT) {
            const res = await get(lax, urlOf(route, name));
            expect({ route, name, status: res.status }).toEqual({ route, name, status: 404 });
            expect(res.body.toString()).not.toContain(SECRET);
          }
        }
      });

      it('behind that proxy, links that stay inside the folder are offloaded and served', async () => {
        for (const route of REFUSING_ROUTES) {
          for (const [name, text] of Object.entries(IN)) {
            const direct = await rawRequest(`${appBase}${urlOf(route, name)}`);
            expect(direct.headers[OFFLOAD_HEADER[server]]).toEqual(expect.any(String));
            const res = await get(lax, urlOf(route, name));
            expect({ route, name, status: res.status, body: res.body.toString() }).toEqual({ route, name, status: 200, body: text });
          }
        }
      });

      it('behind the documented config, links out are refused too; nginx and lighttpd also refuse links inside (403)', async () => {
        for (const route of REFUSING_ROUTES) {
          for (const name of OUT) {
            const res = await get(strict, urlOf(route, name));
            expect({ route, name, status: res.status }).toEqual({ route, name, status: 404 });
          }
          const inside = await get(strict, urlOf(route, 'in.txt'));
          expect({ route, status: inside.status }).toEqual({ route, status: FOLLOWS_LINKS.includes(server) ? 200 : 403 });
          const plain = await get(strict, urlOf(route, 'hello.txt'));
          expect(plain.body.toString()).toBe(IN['hello.txt']);
        }
      });
    });
  });
}
