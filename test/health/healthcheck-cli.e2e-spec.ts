import type { INestApplication } from '@nestjs/common';
import { DownloadModule, type OffloadRule } from 'nestjs-downloadview';
import { temporaryMediaRoot, type TemporaryMediaRoot } from 'nestjs-downloadview/testing';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HealthModule } from '../../sample/health/health.module';
import { CHECK_FILE } from '../../sample/health/health.constants';
import { generatedConfig } from '../proxies/generated-config';
import { describeProxy, startProxy, type RunningProxy } from '../proxies/proxy-server';
import { makeTempDir, removeTempDir } from '../proxies/temp-dir';
import { ADAPTERS, type AdapterName, appUrl, createTestApp } from '../support/test-app.factory';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');

/** The CLI is tested as shipped: compiled. `npm test` builds first. */
function assertBuilt(): void {
  const sources = ['lib/cli', 'lib/health', 'lib/health/checks'].flatMap((dir) =>
    fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, dir, f)),
  );
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does)`);
  const built = fs.statSync(CLI).mtimeMs;
  const newer = sources.filter((f) => fs.statSync(f).mtimeMs > built + 1000);
  if (newer.length) throw new Error(`dist/ is older than ${path.relative(ROOT, newer[0])}: run \`npm run build\``);
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

// docs:start run-cli
function healthcheck(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'healthcheck', '--timeout', '5000', ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
// docs:end run-cli

const CHECK_CONTENT = 'nestjs-downloadview healthcheck\n';

async function healthApp(
  adapter: AdapterName,
  media: TemporaryMediaRoot,
  rules: OffloadRule[],
  backend: 'nginx' | 'apache' | 'lighttpd' = 'nginx',
) {
  const app = await createTestApp(adapter, {
    imports: [DownloadModule.forRoot({ storage: media.storage, backend, rules }), HealthModule],
  });
  return { app, url: await appUrl(app), port: Number(new URL(await appUrl(app)).port) };
}

beforeAll(assertBuilt);

/**
 * The proxy runs the config generated for its own rule: `filesDir` served at
 * nginx's /protected/ (an X-Sendfile folder elsewhere), and its check file
 * there at /healthcheck-utils/proxy. Pointing it at another folder than the
 * app's is how a misconfigured proxy is made.
 */
function proxyConfig(server: 'nginx' | 'apache' | 'lighttpd', filesDir: string) {
  const rule: OffloadRule = server === 'nginx' ? { sourceDir: filesDir, destinationUrl: '/protected/' } : { sourceDir: filesDir };
  return generatedConfig(server, { options: { backend: server, rules: [rule] } }, { healthcheckFile: path.join(filesDir, CHECK_FILE) });
}

describeProxy('nginx', () => {
  describe.each(ADAPTERS)('nestjs-downloadview healthcheck, app on %s', (adapter) => {
    let media: TemporaryMediaRoot;
    let emptyDir: string;
    const apps: INestApplication[] = [];
    const proxies: RunningProxy[] = [];
    let good: { url: string; port: number };

    async function proxyFor(appPort: number, filesDir: string): Promise<RunningProxy> {
      const proxy = await startProxy('nginx', { appPort, dirs: { files: filesDir }, config: proxyConfig('nginx', filesDir) });
      proxies.push(proxy);
      return proxy;
    }

    beforeAll(async () => {
      media = temporaryMediaRoot({ files: { [CHECK_FILE]: CHECK_CONTENT } });
      emptyDir = await makeTempDir('nestjs-dv-empty');
      const started = await healthApp(adapter, media, [{ sourceDir: media.location, destinationUrl: '/protected/' }]);
      apps.push(started.app);
      good = started;
    });
    afterAll(async () => {
      await Promise.all(proxies.map((proxy) => proxy.stop()));
      await Promise.all(apps.map((app) => app.close()));
      await media?.cleanup();
      if (emptyDir) await removeTempDir(emptyDir);
    });

    // docs:start passes
    it('passes against the sample behind nginx configured right', async () => {
      const proxy = await proxyFor(good.port, media.location);
      const run = await healthcheck('--app', good.url, '--proxy', proxy.url, '--storage-dir', media.location);
      expect(run.stdout).toContain('[ ok ] storage');
      expect(run.stdout).toContain(`[ ok ] app      GET ${good.url}/healthcheck-utils/download → 200, x-accel-redirect: /protected/healthcheck.txt`);
      expect(run.stdout).toContain('[ ok ] proxy');
      expect(run.stdout).toContain('/protected/healthcheck.txt is not public');
      expect(run.stdout).toContain('[ ok ] together');
      expect(run.stdout).toContain('OK: every check that ran passed.');
      expect(run.code).toBe(0);
    });
    // docs:end passes

    // docs:start wrong-alias
    it('fails against nginx with a wrong alias, naming the proxy', async () => {
      const proxy = await proxyFor(good.port, emptyDir); // alias points to a folder without the files
      const run = await healthcheck('--app', good.url, '--proxy', proxy.url, '--storage-dir', media.location);
      expect(run.stdout).toContain('[ ok ] storage');
      expect(run.stdout).toContain('[ ok ] app');
      expect(run.stdout).toContain(`[FAIL] proxy    GET ${proxy.url}/healthcheck-utils/proxy → 404`);
      expect(run.stdout).toContain('[FAIL] together');
      expect(run.stdout).toContain('FAULT: the proxy: it cannot serve the check file from storage');
      expect(run.code).toBe(1);
    });
    // docs:end wrong-alias

    it('names the app when it streams the check file itself (no matching rule)', async () => {
      const started = await healthApp(adapter, media, [{ sourceDir: emptyDir, destinationUrl: '/protected/' }]);
      apps.push(started.app);
      const proxy = await proxyFor(started.port, media.location);
      const run = await healthcheck('--app', started.url, '--proxy', proxy.url, '--storage-dir', media.location);
      expect(run.stdout).toContain('[FAIL] app');
      expect(run.stdout).toContain('The app streamed the check file itself: no offload rule matches it');
      expect(run.stdout).toContain('FAULT: the app');
      expect(run.code).toBe(1);
    });

    it('names the mapping when app and proxy each work but point to different places', async () => {
      const started = await healthApp(adapter, media, [{ sourceDir: media.location, destinationUrl: '/protected-reports/' }]);
      apps.push(started.app);
      const proxy = await proxyFor(started.port, media.location);
      const run = await healthcheck('--app', started.url, '--proxy', proxy.url, '--storage-dir', media.location);
      expect(run.stdout).toMatch(/\[ ok \] storage[\s\S]*\[ ok \] app[\s\S]*\[ ok \] proxy[\s\S]*\[FAIL\] together/);
      expect(run.stdout).toContain('FAULT: app and proxy disagree');
      expect(run.code).toBe(1);
    });

    it('names the storage when the check file is not there', async () => {
      const proxy = await proxyFor(good.port, media.location);
      const run = await healthcheck('--app', good.url, '--proxy', proxy.url, '--storage-dir', emptyDir);
      expect(run.stdout).toContain(`[FAIL] storage  ${emptyDir}/healthcheck.txt: ENOENT`);
      expect(run.stdout).toContain('FAULT: the storage');
      expect(run.code).toBe(1);
    });
  });
});

/** Checks that cannot run for want of their option, and `--skip`: no proxy needed. */
describe.each(ADAPTERS)('nestjs-downloadview healthcheck with checks left out, app on %s', (adapter) => {
  let media: TemporaryMediaRoot;
  let app: INestApplication | undefined;
  let url: string;

  beforeAll(async () => {
    media = temporaryMediaRoot({ files: { [CHECK_FILE]: CHECK_CONTENT } });
    const started = await healthApp(adapter, media, [{ sourceDir: media.location, destinationUrl: '/protected/' }]);
    app = started.app;
    url = started.url;
  });
  afterAll(async () => {
    await app?.close();
    await media?.cleanup();
  });

  // docs:start not-run
  it('exits 3 and names the checks that could not run when their option is missing', async () => {
    const run = await healthcheck('--app', url, '--storage-dir', media.location);
    expect(run.stdout).toContain('[ ok ] storage');
    expect(run.stdout).toContain('[ ok ] app');
    expect(run.stdout).toContain('[skip] proxy    no --proxy given');
    expect(run.stdout).toContain('NOT RUN: proxy, together: give --proxy, or leave them out with --skip proxy,together.');
    expect(run.stdout).not.toContain('OK:');
    expect(run.code).toBe(3);
  });

  it('exits 0 once the checks that cannot run are skipped by name', async () => {
    const run = await healthcheck('--app', url, '--storage-dir', media.location, '--skip', 'proxy,together');
    expect(run.stdout).toContain('[skip] proxy    skipped as asked (--skip proxy)');
    expect(run.stdout).toContain('[skip] together skipped as asked (--skip together)');
    expect(run.stdout).toContain('OK: every check that ran passed.');
    expect(run.code).toBe(0);
  });
  // docs:end not-run

  it('lists the checks not run in the JSON report', async () => {
    const run = await healthcheck('--app', url, '--skip', 'storage', '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      notRun: ['proxy', 'together'],
      outcomes: [
        { part: 'storage', status: 'skip' },
        { part: 'app', status: 'pass' },
        { part: 'proxy', status: 'skip' },
        { part: 'together', status: 'skip' },
      ],
    });
    expect(run.code).toBe(3);
  });

  it('exits 2 on a --skip that names no check', async () => {
    const run = await healthcheck('--app', url, '--skip', 'nginx');
    expect(run.stderr).toContain('--skip takes storage, app, proxy, together; got "nginx"');
    expect(run.code).toBe(2);
  });
});

/** The healthcheck locations of the Apache and lighttpd configs (docs/healthchecks.md), checked like nginx's. */
describe.each(['apache', 'lighttpd'] as const)('nestjs-downloadview healthcheck behind %s', (server) => {
  describeProxy(server, () => {
    let media: TemporaryMediaRoot;
    let emptyDir: string;
    let app: INestApplication | undefined;
    let good: { url: string; port: number };
    const proxies: RunningProxy[] = [];

    beforeAll(async () => {
      media = temporaryMediaRoot({ files: { [CHECK_FILE]: CHECK_CONTENT } });
      emptyDir = await makeTempDir('nestjs-dv-empty');
      const started = await healthApp('express', media, [{ sourceDir: media.location }], server);
      app = started.app;
      good = started;
    });
    afterAll(async () => {
      await Promise.all(proxies.map((proxy) => proxy.stop()));
      await app?.close();
      await media?.cleanup();
      if (emptyDir) await removeTempDir(emptyDir);
    });

    it(`passes against the sample behind ${server} configured right`, async () => {
      const proxy = await startProxy(server, { appPort: good.port, dirs: { files: media.location }, config: proxyConfig(server, media.location) });
      proxies.push(proxy);
      const run = await healthcheck('--app', good.url, '--proxy', proxy.url, '--storage-dir', media.location);
      expect(run.stdout).toContain(`[ ok ] app      GET ${good.url}/healthcheck-utils/download → 200, x-sendfile: `);
      expect(run.stdout).toContain('[ ok ] proxy');
      expect(run.stdout).toContain('[ ok ] together');
      expect(run.code).toBe(0);
    });

    it(`fails against ${server} whose healthcheck location points elsewhere, naming the proxy`, async () => {
      const proxy = await startProxy(server, { appPort: good.port, dirs: { files: emptyDir }, config: proxyConfig(server, emptyDir) });
      proxies.push(proxy);
      const run = await healthcheck('--app', good.url, '--proxy', proxy.url, '--storage-dir', media.location);
      expect(run.stdout).toContain(`[FAIL] proxy    GET ${proxy.url}/healthcheck-utils/proxy → 404`);
      expect(run.stdout).toContain('FAULT: the proxy');
      expect(run.code).toBe(1);
    });
  });
});
