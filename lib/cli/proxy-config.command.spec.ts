import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateProxyConfig } from '../proxy-config/proxy-config.generator';
import { UsageError } from './healthcheck.command';
import { loadProxyConfigSource, parseProxyConfigArgs, proxyConfigCommand } from './proxy-config.command';

describe('nestjs-downloadview proxy-config', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await proxyConfigCommand(argv, (t) => out.push(t), (t) => err.push(t));
    return { status, out: out.join(''), err: err.join('\n') };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-dv-proxy-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the server, the options file and every param', () => {
    expect(
      parseProxyConfigArgs([
        'caddy', '--options', 'dist/download.options.js', '--listen', '0.0.0.0:80', '--upstream', '10.0.0.2:3000',
        '--runtime-dir', '/var/lib/dv', '--user', 'www-data', '--group', 'www-data', '--healthcheck-file', '/srv/media/hc.txt',
      ]),
    ).toEqual({
      server: 'caddy',
      optionsFile: path.resolve('dist/download.options.js'),
      params: {
        listen: '0.0.0.0:80',
        upstream: '10.0.0.2:3000',
        runtimeDir: '/var/lib/dv',
        user: 'www-data',
        group: 'www-data',
        healthcheckFile: '/srv/media/hc.txt',
      },
    });
    expect(parseProxyConfigArgs(['--help'])).toBe('help');
  });

  it('reads several app instances from repeated or comma-separated --upstream, one as a string', () => {
    const upstreamOf = (...argv: string[]) => {
      const parsed = parseProxyConfigArgs(['nginx', '--options', 'o.js', ...argv]);
      return parsed === 'help' ? undefined : parsed.params.upstream;
    };
    expect(upstreamOf('--upstream', '10.0.0.2:3000')).toBe('10.0.0.2:3000');
    expect(upstreamOf('--upstream', '10.0.0.2:3000', '--upstream', '10.0.0.3:3000')).toEqual(['10.0.0.2:3000', '10.0.0.3:3000']);
    expect(upstreamOf('--upstream', '10.0.0.2:3000, 10.0.0.3:3000', '--upstream', '3001')).toEqual(['10.0.0.2:3000', '10.0.0.3:3000', '3001']);
    expect(upstreamOf()).toBeUndefined();
    expect(() => upstreamOf('--upstream', '10.0.0.2:3000,')).toThrow(UsageError);
  });

  it("uses the options file's upstream export (a string, an array or a function of the server) unless --upstream is given", async () => {
    const options = "{ backend: 'nginx', rules: [{ sourceDir: '/srv/media', destinationUrl: '/protected/' }] }";
    const listed = write('listed.js', `exports.downloadOptions = ${options};\nexports.upstream = (server) => server === 'nginx' ? ['10.0.0.2:3000', '10.0.0.3:3000'] : '10.0.0.2:3000';`);
    expect(await loadProxyConfigSource(listed, 'nginx')).toMatchObject({ upstream: ['10.0.0.2:3000', '10.0.0.3:3000'] });
    const res = await run(['nginx', '--options', listed]);
    expect(res.status).toBe(0);
    expect(res.out).toBe(
      generateProxyConfig('nginx', { options: { backend: 'nginx', rules: [{ sourceDir: '/srv/media', destinationUrl: '/protected/' }] } }, { upstream: ['10.0.0.2:3000', '10.0.0.3:3000'] }),
    );
    expect(res.out).toContain('        server 10.0.0.3:3000 max_fails=1 fail_timeout=2s;\n');
    const flag = await run(['nginx', '--options', listed, '--upstream', '10.0.0.9:3000']);
    expect(flag.out).toContain('        server 10.0.0.9:3000;\n');
    expect(flag.out).not.toContain('10.0.0.3:3000');
    const bad = write('bad-upstream.js', `exports.downloadOptions = ${options};\nexports.upstream = 3000;`);
    expect(await run(['nginx', '--options', bad])).toMatchObject({ status: 1, err: expect.stringContaining('upstream must be HOST:PORT or an array of them') });
  });

  it('fails (1) with the limitation when Apache is given several instances', async () => {
    const file = write('apache.js', "module.exports = { backend: 'apache', rules: [{ sourceDir: '/srv/media' }] };");
    const res = await run(['apache', '--options', file, '--upstream', '10.0.0.2:3000,10.0.0.3:3000']);
    expect(res.status).toBe(1);
    expect(res.err).toContain('needs mod_proxy_balancer');
  });

  it.each([
    [[], 'give one server: nginx, apache, lighttpd, caddy'],
    [['traefik', '--options', 'x.js'], 'give one server: nginx, apache, lighttpd, caddy; got traefik'],
    [['nginx'], '--options FILE is required'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseProxyConfigArgs(argv)).toThrow(UsageError);
    expect(() => parseProxyConfigArgs(argv)).toThrow(message);
  });

  it("prints a lighttpd proxyLinks entry's Lua script with --link-script, and the config that runs it without", async () => {
    const secret = 'a1'.repeat(16);
    const file = write(
      'links.js',
      `module.exports = { proxyLinks: [{ server: 'lighttpd', urlPrefix: '/links/', sourceDir: '/srv/media', secret: '${secret}' }] };`,
    );
    const script = await run(['lighttpd', '--options', file, '--link-script', '/links/']);
    expect(script.status).toBe(0);
    expect(script.out).toContain('-- <runtime-dir>/proxy-link-links.lua\n');
    expect(script.out).toContain(`local secret = "${secret}"`);
    const config = await run(['lighttpd', '--options', file, '--runtime-dir', '/var/lib/dv']);
    expect(config.out).toContain('magnet.attract-physical-path-to = ( "/var/lib/dv/proxy-link-links.lua" )');
    expect(await run(['lighttpd', '--options', file, '--link-script', '/other/'])).toMatchObject({
      status: 1,
      err: 'nestjs-downloadview proxy-config: no lighttpd proxyLinks entry has urlPrefix "/other/"',
    });
    expect((await run(['nginx', '--options', file, '--link-script', '/links/'])).status).toBe(2);
  });

  it('loads the options from module.exports, a default export or a (async) function, with routeRules beside them', async () => {
    const rules = "[{ sourceDir: '/srv/media', destinationUrl: '/protected/' }]";
    const plain = write('plain.js', `module.exports = { backend: 'nginx', rules: ${rules} };`);
    const named = write('named.js', `exports.downloadOptions = async () => ({ backend: 'nginx', rules: ${rules} });\nexports.routeRules = [{ sourceDir: '/srv/reports', destinationUrl: '/r/' }];`);
    const byDefault = write('default.js', `exports.default = () => ({ backend: 'nginx', rules: ${rules} });`);
    expect(await loadProxyConfigSource(plain)).toEqual({ options: { backend: 'nginx', rules: [{ sourceDir: '/srv/media', destinationUrl: '/protected/' }] } });
    expect(await loadProxyConfigSource(named)).toMatchObject({ routeRules: [{ sourceDir: '/srv/reports', destinationUrl: '/r/' }] });
    expect((await loadProxyConfigSource(byDefault)).options).toEqual({ backend: 'nginx', rules: [{ sourceDir: '/srv/media', destinationUrl: '/protected/' }] });
  });

  it('prints exactly what generateProxyConfig() makes of the same options', async () => {
    const file = write('app.js', "exports.downloadOptions = { backend: 'lighttpd', rules: [{ sourceDir: '/srv/media' }] };");
    const res = await run(['lighttpd', '--options', file, '--listen', '8081', '--runtime-dir', '/tmp/dv']);
    expect(res.status).toBe(0);
    expect(res.out).toBe(
      generateProxyConfig('lighttpd', { options: { backend: 'lighttpd', rules: [{ sourceDir: '/srv/media' }] } }, { listen: '8081', runtimeDir: '/tmp/dv' }),
    );
  });

  it('fails (1) naming the rule when the rules cannot make a config, and (2) on usage errors', async () => {
    const file = write('bad.js', "module.exports = { backend: 'nginx', rules: [{ sourceUrl: '/media/', destinationUrl: '/protected/' }] };");
    const bad = await run(['nginx', '--options', file]);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('rules[0] (sourceUrl "/media/"): cannot tell which folder /media/ is');
    const usage = await run(['nginx']);
    expect(usage.status).toBe(2);
    expect(usage.err).toContain('Usage: nestjs-downloadview proxy-config');
  });
});
