import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateProxyConfig, type OffloadServerName } from 'nestjs-downloadview';
import { findProxyBinary, PROXY_NAMES, proxyAvailable } from '../proxies/proxy-server';
import { makeTempDir, removeTempDir } from '../proxies/temp-dir';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const OPTIONS = path.join(__dirname, 'download.options.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The shipped bin, as `npx nestjs-downloadview` runs it (compiled: `npm test` builds first). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The server's own syntax check of a config file (run in `dir`, which holds its runtime files). */
function checkSyntax(server: OffloadServerName, file: string, dir: string): Promise<CliRun> {
  const binary = findProxyBinary(server)!;
  const args: Record<OffloadServerName, string[]> = {
    nginx: ['-t', '-p', dir, '-c', file, '-e', path.join(dir, 'error.log')],
    apache: ['-t', '-f', file],
    lighttpd: ['-tt', '-f', file],
    caddy: ['validate', '--config', file, '--adapter', 'caddyfile'],
  };
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
  return new Promise((resolve) => {
    execFile(binary, args[server], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npx nestjs-downloadview proxy-config', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does)`);
  });

  it.each(PROXY_NAMES)('prints for %s what generateProxyConfig() makes of the options file, which the server accepts', async (server) => {
    const dir = await makeTempDir(`nestjs-dv-cli-${server}`);
    try {
      fs.mkdirSync(path.join(dir, 'htdocs'));
      const run = await cli(['proxy-config', server, '--options', OPTIONS, '--listen', '127.0.0.1:18080', '--runtime-dir', dir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      // The same file, loaded in this process: the CLI adds nothing of its own.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const example = require(OPTIONS);
      const expected = generateProxyConfig(
        server,
        { options: example.downloadOptions(server), routeRules: example.routeRules(server) },
        { listen: '127.0.0.1:18080', runtimeDir: dir },
      );
      expect(run.stdout).toBe(expected);
      if (!proxyAvailable(server)) {
        if (process.env.CI === 'true') throw new Error(`${server} is not installed: .ci/run installs it`);
        return;
      }
      const file = path.join(dir, `${server}.conf`);
      fs.writeFileSync(file, run.stdout);
      const check = await checkSyntax(server, file, dir);
      expect({ server, code: check.code, output: check.code ? check.stdout + check.stderr : '' }).toEqual({ server, code: 0, output: '' });
    } finally {
      await removeTempDir(dir);
    }
  });

  it('reads an ES module (.mjs) too, its default export an async function of the server', async () => {
    const dir = await makeTempDir('nestjs-dv-cli-mjs');
    try {
      const file = path.join(dir, 'download.options.mjs');
      fs.writeFileSync(
        file,
        "export default async (server) => ({ backend: server, rules: [{ sourceDir: '/srv/exports' }] });\n" +
          "export const routeRules = [{ backend: 'lighttpd', sourceDir: '/srv/reports' }];\n",
      );
      const run = await cli(['proxy-config', 'lighttpd', '--options', file]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('"/srv/exports", # rules[0] (sourceDir "/srv/exports")');
      expect(run.stdout).toContain('"/srv/reports", # routeRules[0]');
    } finally {
      await removeTempDir(dir);
    }
  });

  it("calls the file's functions with the server's name, and answers 1 naming a file it cannot load", async () => {
    // downloadOptions('nginx'): DOWNLOAD_PROXY, the app's own default, has no say.
    const run = await cli(['proxy-config', 'nginx', '--options', OPTIONS], { DOWNLOAD_PROXY: 'apache' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('location /protected/ {');
    const missing = await cli(['proxy-config', 'nginx', '--options', path.join(__dirname, 'no-such-file.js')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-file.js');
  });
});
