import { Controller, Get, type INestApplication, Query } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DownloadModule,
  generateProxyConfig,
  lighttpdProxyLinkScript,
  lighttpdProxyLinkScriptPath,
  type ProxyLinkOptions,
  UrlSigner,
  WildcardPath,
} from 'nestjs-downloadview';
import { rawRequest, sha256 } from '../proxies/http-client';
import { describeProxy, type ProxyRun, type RunningProxy, startProxy } from '../proxies/proxy-server';
import { makeTempDir, removeTempDir } from '../proxies/temp-dir';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

/**
 * Links the proxy verifies itself (issue 13, item 4): the app issues them
 * with UrlSigner.proxyLink(), the real nginx (secure_link) and lighttpd
 * (mod_magnet Lua) started from the generated config check them and serve
 * the file, and the app is never asked.
 */
const SECRET = randomBytes(32).toString('hex');
const BIG = 'sub dir/café 🎉 50% off.bin';
const BIG_BYTES = randomBytes(1024 * 1024 + 13);
const HELLO = 'Hello world!\n';
const SECRET_TEXT = 'TOP SECRET: outside the links folder\n';
const MAGNET = '/usr/lib/lighttpd/mod_magnet.so';

const servers = ['nginx', 'lighttpd'] as const;

// docs:start issue
@Controller()
class IssueController {
  constructor(private readonly signer: UrlSigner) {}

  /** Issues a link to a file below the folder; `?ttl=` in seconds, `?expired=1` for a link already past. */
  @Get('issue/*')
  issue(@WildcardPath() name: string[], @Query('ttl') ttl?: string, @Query('expired') expired?: string) {
    const expiresAt = expired ? new Date(Date.now() - 10_000) : undefined;
    return { url: this.signer.proxyLink(name, { ttl: ttl ? Number(ttl) : undefined, expiresAt }) };
  }
}
// docs:end issue

for (const server of servers) {
  describeProxy(server, () => {
    if (server === 'lighttpd' && !existsSync(MAGNET)) {
      it('has mod_magnet installed (lighttpd-modules-lua; .ci/run installs it)', () => {
        throw new Error(`${MAGNET} missing: apt-get install lighttpd-modules-lua`);
      });
      return;
    }
    let base: string;
    let files: string;
    let link: ProxyLinkOptions;

    beforeAll(async () => {
      base = await makeTempDir('nestjs-dv-verified-links');
      files = join(base, 'files');
      await mkdir(join(files, 'sub dir'), { recursive: true, mode: 0o755 });
      await writeFile(join(files, BIG), BIG_BYTES, { mode: 0o644 });
      await writeFile(join(files, 'hello.txt'), HELLO, { mode: 0o644 });
      await writeFile(join(base, 'secret.txt'), SECRET_TEXT, { mode: 0o644 });
      await symlink('../secret.txt', join(files, 'out.txt'));
      link = { server, urlPrefix: '/links/', sourceDir: files, secret: SECRET };
    });
    afterAll(() => removeTempDir(base));

    describe.each(ADAPTERS)('links issued on %s', (adapter) => {
      let app: INestApplication;
      let appBase: string;
      let proxy: RunningProxy;
      let appRequests = 0;

      beforeAll(async () => {
        app = await createTestApp(adapter, { imports: [DownloadModule.forRoot({ proxyLinks: [link] })], controllers: [IssueController] });
        app.getHttpServer().on('request', () => appRequests++);
        appBase = await appUrl(app);
        const config = (run: ProxyRun) => {
          // docs:start generate
          if (server === 'lighttpd') {
            // The script beside the config, where the generated config expects it.
            writeFileSync(lighttpdProxyLinkScriptPath(run.tmpDir, link), lighttpdProxyLinkScript(link), { mode: 0o644 });
          }
          return generateProxyConfig(server, { options: { proxyLinks: [link] } }, {
            listen: `127.0.0.1:${run.port}`,
            upstream: `127.0.0.1:${run.appPort}`,
            runtimeDir: run.tmpDir,
            user: run.user,
            group: run.group,
          });
          // docs:end generate
        };
        try {
          proxy = await startProxy(server, { appPort: Number(new URL(appBase).port), dirs: { files }, config });
        } catch (error) {
          await app.close();
          throw error;
        }
      });
      afterAll(async () => {
        await proxy?.stop();
        await app?.close();
      });

      /** A link issued by the app (through its own port, not the proxy's). */
      async function issue(name: string, query = ''): Promise<string> {
        const res = await rawRequest(`${appBase}/issue/${name.split('/').map(encodeURIComponent).join('/')}${query}`);
        expect(res.status).toBe(200);
        return (JSON.parse(res.body.toString()) as { url: string }).url;
      }

      /** GET (or `method`) through the proxy, counting the requests the app received meanwhile. */
      async function viaProxy(path: string, headers?: Record<string, string>, method = 'GET') {
        const before = appRequests;
        const res = await rawRequest(`${proxy.url}${path}`, { headers, method });
        return { res, appAsked: appRequests - before };
      }

      it('a valid link downloads the file byte-identical, awkward name included, without asking the app', async () => {
        const url = await issue(BIG);
        const { res, appAsked } = await viaProxy(url);
        expect({ status: res.status, sha: res.sha256, length: res.length }).toEqual({ status: 200, sha: sha256(BIG_BYTES), length: BIG_BYTES.length });
        expect(appAsked).toBe(0);
      });

      it('answers Range from the file (206, the bytes asked)', async () => {
        const url = await issue(BIG);
        const { res, appAsked } = await viaProxy(url, { Range: 'bytes=1000-1999' });
        expect(res.status).toBe(206);
        expect(res.headers['content-range']).toBe(`bytes 1000-1999/${BIG_BYTES.length}`);
        expect(res.body.equals(BIG_BYTES.subarray(1000, 2000))).toBe(true);
        expect(appAsked).toBe(0);
      });

      it('answers HEAD with the headers and no body', async () => {
        const url = await issue(BIG);
        const { res, appAsked } = await viaProxy(url, undefined, 'HEAD');
        expect({ status: res.status, length: res.length, appAsked }).toEqual({ status: 200, length: 0, appAsked: 0 });
        expect(res.headers['content-length']).toBe(String(BIG_BYTES.length));
        expect(res.headers['etag']).toBeTruthy();
        expect(res.headers['last-modified']).toBeTruthy();
      });

      it('answers a conditional GET (If-None-Match, If-Modified-Since) with 304 and no body, a stale one with the file', async () => {
        const url = await issue(BIG);
        const { res: first } = await viaProxy(url, undefined, 'HEAD');
        const etag = String(first.headers['etag']);
        const lastModified = String(first.headers['last-modified']);
        const byEtag = await viaProxy(url, { 'If-None-Match': etag });
        expect({ status: byEtag.res.status, length: byEtag.res.length, appAsked: byEtag.appAsked }).toEqual({ status: 304, length: 0, appAsked: 0 });
        const byDate = await viaProxy(url, { 'If-Modified-Since': lastModified });
        expect({ status: byDate.res.status, length: byDate.res.length, appAsked: byDate.appAsked }).toEqual({ status: 304, length: 0, appAsked: 0 });
        const stale = await viaProxy(url, { 'If-None-Match': '"not-this-one"' });
        expect({ status: stale.res.status, sha: stale.res.sha256, appAsked: stale.appAsked }).toEqual({ status: 200, sha: sha256(BIG_BYTES), appAsked: 0 });
        const old = await viaProxy(url, { 'If-Modified-Since': new Date(Date.parse(lastModified) - 3600_000).toUTCString() });
        expect({ status: old.res.status, sha: old.res.sha256, appAsked: old.appAsked }).toEqual({ status: 200, sha: sha256(BIG_BYTES), appAsked: 0 });
      });

      it('refuses HEAD and conditional GET through a tampered (403) or expired (410) link, never a 304 or the file', async () => {
        const url = await issue('hello.txt');
        const tampered =
          server === 'nginx'
            ? url.replace(/md5=(.)/, (_m, c: string) => `md5=${c === 'A' ? 'B' : 'A'}`)
            : url.replace(/^\/links\/(.)/, (_m, c: string) => `/links/${c === 'A' ? 'B' : 'A'}`);
        const expired = await issue('hello.txt', '?expired=1');
        const { res: valid } = await viaProxy(url, undefined, 'HEAD');
        const etag = String(valid.headers['etag']);
        const lastModified = String(valid.headers['last-modified']);
        for (const [bad, status] of [
          [tampered, 403],
          [expired, 410],
        ] as const) {
          const head = await viaProxy(bad, undefined, 'HEAD');
          expect({ bad, status: head.res.status, length: head.res.length, appAsked: head.appAsked }).toEqual({ bad, status, length: 0, appAsked: 0 });
          expect(head.res.headers['etag']).not.toBe(etag);
          const asks: Record<string, string>[] = [{ 'If-None-Match': etag }, { 'If-Modified-Since': lastModified }, { Range: 'bytes=0-4' }];
          for (const headers of asks) {
            const { res, appAsked } = await viaProxy(bad, headers);
            expect({ bad, headers, status: res.status, appAsked }).toEqual({ bad, headers, status, appAsked: 0 });
            expect(res.body.toString()).not.toContain('Hello');
          }
        }
      });

      it('refuses a tampered MAC (403)', async () => {
        const url = await issue('hello.txt');
        const tampered =
          server === 'nginx'
            ? url.replace(/md5=(.)/, (_m, c: string) => `md5=${c === 'A' ? 'B' : 'A'}`)
            : url.replace(/^\/links\/(.)/, (_m, c: string) => `/links/${c === 'A' ? 'B' : 'A'}`);
        expect(tampered).not.toBe(url);
        const { res, appAsked } = await viaProxy(tampered);
        expect({ status: res.status, appAsked }).toEqual({ status: 403, appAsked: 0 });
        expect(res.body.toString()).not.toContain(HELLO);
      });

      it('refuses an expired link (410 Gone), and a link whose expiry was pushed back (403)', async () => {
        const expired = await viaProxy(await issue('hello.txt', '?expired=1'));
        expect({ status: expired.res.status, appAsked: expired.appAsked }).toEqual({ status: 410, appAsked: 0 });
        const url = await issue('hello.txt', '?ttl=60');
        const later =
          server === 'nginx'
            ? url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 3600}`)
            : url.replace(/^(\/links\/[\w-]{43}\/)([0-9a-f]+)/, (_m, head: string, hex: string) => `${head}${(parseInt(hex, 16) + 3600).toString(16)}`);
        expect(later).not.toBe(url);
        const pushed = await viaProxy(later);
        expect({ status: pushed.res.status, appAsked: pushed.appAsked }).toEqual({ status: 403, appAsked: 0 });
      });

      it("refuses a link replayed on another file (403): it holds one path's MAC", async () => {
        const url = await issue('hello.txt');
        const other = url.replace('hello.txt', BIG.split('/').map(encodeURIComponent).join('/'));
        expect(other).not.toBe(url);
        const { res, appAsked } = await viaProxy(other);
        expect({ status: res.status, appAsked }).toEqual({ status: 403, appAsked: 0 });
      });

      // nginx resolves the dot segments first: the path leaves the prefix, is no link any more, and
      // reaches the app like any other URL (its 404 here). lighttpd's script refuses it (403).
      it('refuses a URL without a MAC, and traversal out of the folder never serves the file outside', async () => {
        const bare = await viaProxy('/links/hello.txt');
        expect({ status: bare.res.status, appAsked: bare.appAsked }).toEqual({ status: 403, appAsked: 0 });
        const url = await issue('hello.txt');
        const [path, query] = url.split('?');
        const head = server === 'nginx' ? '/links/' : path.slice(0, path.lastIndexOf('/') + 1);
        const tail = server === 'nginx' ? `?${query}` : '';
        for (const climb of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', '%2e%2e%2fsecret.txt']) {
          const { res, appAsked } = await viaProxy(`${head}${climb}${tail}`);
          expect({ climb, status: res.status, appAsked }).toEqual(
            server === 'nginx' ? { climb, status: 404, appAsked: 1 } : { climb, status: 403, appAsked: 0 },
          );
          expect(res.body.toString()).not.toContain(SECRET_TEXT);
        }
      });

      it('refuses a valid link to a symbolic link out of the folder (403)', async () => {
        const { res, appAsked } = await viaProxy(await issue('out.txt'));
        expect({ status: res.status, appAsked }).toEqual({ status: 403, appAsked: 0 });
        expect(res.body.toString()).not.toContain(SECRET_TEXT);
      });
    });
  });
}
