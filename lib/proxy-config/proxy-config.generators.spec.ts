import { FileSystemStorage } from '../storage/file-system.storage';
import { apacheConfig } from './apache.config';
import { caddyConfig } from './caddy.config';
import { lighttpdConfig } from './lighttpd.config';
import { nginxConfig } from './nginx.config';
import type { ProxyConfigParams, ProxyConfigPlan } from './proxy-config.interface';
import { generateProxyConfig } from './proxy-config.generator';

const params: ProxyConfigParams = { listen: '127.0.0.1:8081', upstream: '127.0.0.1:3001', runtimeDir: '/tmp/run', user: 'www-data', group: 'www-data' };
const byUrl: ProxyConfigPlan['locations'] = [
  { url: '/protected/', dir: '/srv/my media', refuseSymlinks: true, rules: ['rules[0]'] },
  { url: '/links/', dir: '/srv/links', refuseSymlinks: false, rules: ['rules[1]'] },
];
const byDir: ProxyConfigPlan['locations'] = [
  { dir: '/srv/my media', refuseSymlinks: true, rules: ['rules[0]'] },
  { dir: '/srv/links', refuseSymlinks: false, rules: ['rules[1]'] },
];

describe('nginxConfig', () => {
  const config = nginxConfig({ server: 'nginx', locations: [...byUrl, { url: '/remote/', origin: 'http://origin:8000/files/', refuseSymlinks: true, rules: ['rules[2]'] }] }, params);

  it('writes one internal location per destination, refusing links where a rule does', () => {
    expect(config).toContain('    location /protected/ {\n            internal;\n            alias "/srv/my media/";\n            disable_symlinks on from="/srv/my media";\n        }');
    expect(config).toContain('    location /links/ {\n            internal;\n            alias "/srv/links/";\n        }');
    expect(config).toContain('location /remote/ {\n            internal;\n            proxy_pass http://origin:8000/files/;');
  });

  it('keeps connections to the app alive, hides leaky headers, and puts run files in runtimeDir', () => {
    expect(config).toMatch(/upstream nestjs_downloadview_app \{\n\s+server 127\.0\.0\.1:3001;\n\s+keepalive 16;/);
    expect(config).toContain('proxy_http_version 1.1;\n            proxy_set_header Connection "";');
    expect(config).toContain('proxy_hide_header X-Powered-By;');
    expect(config).toContain('proxy_hide_header X-Sendfile;');
    expect(config).toContain('listen 127.0.0.1:8081;');
    expect(config).toContain('pid "/tmp/run/nginx.pid";');
    expect(config).toContain('user www-data www-data;');
    expect(config).not.toContain('healthcheck');
  });

  it('leaves out disable_symlinks with followSymlinks, and serves the healthcheck file when given', () => {
    const lax = nginxConfig({ server: 'nginx', locations: byUrl }, { ...params, followSymlinks: true, healthcheckFile: '/srv/hc.txt' });
    expect(lax).not.toContain('disable_symlinks on');
    expect(lax).toContain('location = /healthcheck-utils/proxy {\n            alias "/srv/hc.txt";');
  });
});

describe('apacheConfig', () => {
  const config = apacheConfig({ server: 'apache', locations: byDir }, params);

  it('allows X-Sendfile for each folder, with FileETag None, and proxies the rest to the app', () => {
    expect(config).toContain('XSendFile On\n');
    expect(config).toContain('FileETag None\n');
    expect(config).toContain('XSendFilePath "/srv/my media"\n');
    expect(config).toContain('XSendFilePath "/srv/links"\n');
    expect(config).toContain('ProxyPass "/" "http://127.0.0.1:3001/" nocanon');
    expect(config).toContain('Listen 127.0.0.1:8081');
    expect(config).toContain('LoadModule xsendfile_module /usr/lib/apache2/modules/mod_xsendfile.so');
  });

  it('unsets leaky headers in both tables, never X-Sendfile itself', () => {
    expect(config).toContain('Header unset X-Powered-By\nHeader always unset X-Powered-By');
    expect(config).not.toMatch(/unset X-Sendfile\n/);
  });
});

describe('lighttpdConfig', () => {
  it('lists every folder as an x-sendfile docroot and refuses links when a rule does', () => {
    const config = lighttpdConfig({ server: 'lighttpd', locations: byDir }, params);
    expect(config).toContain('"x-sendfile" => "enable"');
    expect(config).toContain('"/srv/my media", # rules[0]');
    expect(config).toContain('"/srv/links", # rules[1]');
    expect(config).toContain('server.follow-symlink = "disable"');
    expect(config).toContain('"host" => "127.0.0.1",\n        "port" => 3001,');
    expect(config).toContain('server.port = 8081');
    expect(config).toContain('"X-Sendfile2" => ""');
  });

  it('follows links when every rule allows them, or with followSymlinks', () => {
    expect(lighttpdConfig({ server: 'lighttpd', locations: [byDir[1]] }, params)).not.toContain('follow-symlink');
    expect(lighttpdConfig({ server: 'lighttpd', locations: byDir }, { ...params, followSymlinks: true })).not.toContain('follow-symlink');
  });
});

describe('caddyConfig', () => {
  const config = caddyConfig({ server: 'caddy', locations: byUrl }, params);

  it('turns X-Accel-Redirect into the path with uri replace and serves each destination with handle_path', () => {
    expect(config).toContain('@offload header X-Accel-Redirect *\n\t\t\thandle_response @offload {');
    expect(config).toContain('\t\t\t\trewrite * /__offload__?\n\t\t\t\turi replace /__offload__ {rp.header.X-Accel-Redirect} 1');
    expect(config).toContain('handle_path /protected/* {\n\t\t\t\t\troot * "/srv/my media"\n\t\t\t\t\tfile_server');
    expect(config).toContain('handle_path /links/* {');
    expect(config).toContain('\t\t\t\thandle {\n\t\t\t\t\trespond 404');
  });

  it("copies the app's headers, hides leaky ones, binds the listen address and keeps Caddy's files in runtimeDir", () => {
    expect(config).toContain('include Content-Type Content-Disposition Cache-Control Set-Cookie');
    expect(config).toContain('header_down -X-Powered-By');
    expect(config).not.toContain('header_down -X-Accel-Redirect');
    expect(config).toContain('http://127.0.0.1:8081 {\n');
    expect(config).toContain('\tbind 127.0.0.1\n');
    expect(config).toContain('reverse_proxy 127.0.0.1:3001 {');
    expect(config).toContain('storage file_system "/tmp/run/data"');
    expect(config).toContain('compression off');
  });
});

describe('generateProxyConfig', () => {
  const storage = new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' });

  it.each(['nginx', 'caddy'] as const)('makes the %s config from the module options', (server) => {
    const config = generateProxyConfig(server, { options: { storage, backend: server, rules: [{ sourceUrl: '/media/', destinationUrl: '/protected/' }] } });
    expect(config).toContain('"/srv/media');
    expect(config).toContain('127.0.0.1:8080');
    expect(config).toContain('127.0.0.1:3000');
  });

  it.each(['apache', 'lighttpd'] as const)('makes the %s config from the module options', (server) => {
    const config = generateProxyConfig(server, { options: { storage, backend: server, rules: [{ sourceUrl: '/media/', destinationDir: '/var/media' }] } });
    expect(config).toContain('"/var/media"');
  });

  it('refuses unknown servers, bad params and folders a config cannot hold', () => {
    const options = { backend: 'nginx' as const, rules: [{ sourceDir: '/srv/a', destinationUrl: '/p/' }] };
    expect(() => generateProxyConfig('traefik' as never, { options })).toThrow('no config generator for "traefik"');
    expect(() => generateProxyConfig('nginx', { options }, { listen: 'localhost' })).toThrow('listen must be host:port or a port');
    expect(() => generateProxyConfig('nginx', { options }, { runtimeDir: 'run' })).toThrow('runtimeDir must be an absolute path');
    expect(() =>
      generateProxyConfig('nginx', { options: { backend: 'nginx', rules: [{ sourceDir: '/srv/$x', destinationUrl: '/p/' }] } }),
    ).toThrow('cannot write "/srv/$x/" in a proxy config');
    expect(generateProxyConfig('nginx', { options }, { listen: '9000' })).toContain('listen 127.0.0.1:9000;');
  });
});
