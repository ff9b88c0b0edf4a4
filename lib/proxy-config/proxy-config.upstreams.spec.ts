import { apacheConfig } from './apache.config';
import { caddyConfig } from './caddy.config';
import { lighttpdConfig } from './lighttpd.config';
import { nginxConfig } from './nginx.config';
import type { ProxyConfigParams, ProxyConfigPlan } from './proxy-config.interface';
import { generateProxyConfig } from './proxy-config.generator';
import { resolveParams } from './proxy-config.util';

/** Several app instances (docs/scaling.md): `upstream` as an array. */
const base: ProxyConfigParams = { listen: '127.0.0.1:8081', runtimeDir: '/tmp/run' };
const two: ProxyConfigParams = { ...base, upstream: ['127.0.0.1:3001', '10.0.0.2:3002'] };
const byUrl: ProxyConfigPlan['locations'] = [{ url: '/protected/', dir: '/srv/media', refuseSymlinks: true, rules: ['rules[0]'] }];
const byDir: ProxyConfigPlan['locations'] = [{ dir: '/srv/media', refuseSymlinks: true, rules: ['rules[0]'] }];

describe('upstream: one address or several', () => {
  it('reads a string or an array, refusing an empty list, a bad address and a duplicate', () => {
    expect(resolveParams({ upstream: '3001' })).toMatchObject({ upstream: '127.0.0.1:3001', upstreams: ['127.0.0.1:3001'] });
    expect(resolveParams({ upstream: ['3001'] })).toMatchObject({ upstreams: ['127.0.0.1:3001'] });
    expect(resolveParams({})).toMatchObject({ upstreams: ['127.0.0.1:3000'] });
    expect(resolveParams(two)).toMatchObject({ upstream: '127.0.0.1:3001', upstreams: ['127.0.0.1:3001', '10.0.0.2:3002'] });
    expect(() => resolveParams({ upstream: [] })).toThrow('upstream must be host:port or a non-empty array of them');
    expect(() => resolveParams({ upstream: ['3001', 'app'] })).toThrow('upstream[1] must be host:port or a port, got "app"');
    expect(() => resolveParams({ upstream: 'app' })).toThrow('upstream must be host:port or a port, got "app"');
    expect(() => resolveParams({ upstream: ['3001', '127.0.0.1:3001'] })).toThrow('upstream lists 127.0.0.1:3001 twice');
  });

  it('gives the same config for one address as a string or a one-element array', () => {
    const generators = [[nginxConfig, 'nginx', byUrl], [caddyConfig, 'caddy', byUrl], [lighttpdConfig, 'lighttpd', byDir], [apacheConfig, 'apache', byDir]] as const;
    for (const [generate, server, locations] of generators) {
      expect(generate({ server, locations }, { ...base, upstream: ['127.0.0.1:3001'] })).toBe(generate({ server, locations }, { ...base, upstream: '127.0.0.1:3001' }));
    }
  });

  it('passes the array through generateProxyConfig()', () => {
    const options = { backend: 'nginx' as const, rules: [{ sourceDir: '/srv/a', destinationUrl: '/p/' }] };
    expect(generateProxyConfig('nginx', { options }, two)).toContain('        server 10.0.0.2:3002 max_fails=1 fail_timeout=2s;\n');
  });
});

describe('nginxConfig with several instances', () => {
  const config = nginxConfig({ server: 'nginx', locations: byUrl }, two);
  const single = nginxConfig({ server: 'nginx', locations: byUrl }, { ...base, upstream: '127.0.0.1:3001' });

  it('lists one server per instance, marked down for 2 s after one failure, in a shared zone, keepalive kept', () => {
    expect(config).toContain(
      [
        '    upstream nestjs_downloadview_app {',
        '        # Failure counts shared by every nginx worker: an instance marked down',
        '        # is down for all of them at once.',
        '        zone nestjs_downloadview_app 64k;',
        '        # One failed attempt marks an instance down for 2 s; nginx then tries',
        '        # it again with one request and takes it back once it answers.',
        '        server 127.0.0.1:3001 max_fails=1 fail_timeout=2s;',
        '        server 10.0.0.2:3002 max_fails=1 fail_timeout=2s;',
        "        # Idle connections closed by nginx before Node's own 5 s keep-alive",
        '        # timeout can close them under a request.',
        '        keepalive 16;',
        '        keepalive_timeout 4s;',
        '    }',
      ].join('\n'),
    );
  });

  it('sends a request that found an instance gone to another one, from the catch-all location only', () => {
    const failover = [
      '            proxy_next_upstream error timeout http_503;',
      '            proxy_next_upstream_tries 2;',
      '            proxy_connect_timeout 1s;',
    ].join('\n');
    const catchAll = config.slice(config.indexOf('        location / {'));
    expect(catchAll).toContain(failover);
    expect(catchAll).toContain('proxy_pass http://nestjs_downloadview_app;\n            proxy_http_version 1.1;\n            proxy_set_header Connection "";');
    expect(config.split('proxy_next_upstream error').length).toBe(2);
  });

  it('writes none of that for one address (nginx ignores max_fails with one server; there is no other to retry)', () => {
    expect(single).toMatch(/upstream nestjs_downloadview_app \{\n\s+server 127\.0\.0\.1:3001;\n\s+keepalive 16;\n\s+\}/);
    for (const directive of ['zone ', 'max_fails', 'keepalive_timeout', 'proxy_next_upstream', 'proxy_connect_timeout']) {
      expect(single).not.toContain(directive);
    }
  });
});

describe('caddyConfig with several instances', () => {
  const config = caddyConfig({ server: 'caddy', locations: byUrl }, two);
  const single = caddyConfig({ server: 'caddy', locations: byUrl }, { ...base, upstream: '127.0.0.1:3001' });

  it('proxies to every instance in turn, with passive health checks, retries and a dial timeout', () => {
    expect(config).toContain('\t\treverse_proxy 127.0.0.1:3001 10.0.0.2:3002 {\n');
    for (const line of ['lb_policy round_robin', 'lb_try_duration 2s', 'fail_duration 2s', 'max_fails 1', 'unhealthy_status 503']) {
      expect(config).toContain(`\n\t\t\t${line}\n`);
    }
    expect(config).toContain('\t\t\ttransport http {\n\t\t\t\tcompression off\n\t\t\t\tkeepalive 90s\n');
    expect(config).toContain('\t\t\t\tdial_timeout 1s\n\t\t\t}');
    // The offload handling is the same as with one address.
    expect(config.slice(config.indexOf('# Headers no client should see'))).toBe(single.slice(single.indexOf('# Headers no client should see')));
  });

  it('writes no balancing settings for one address', () => {
    expect(single).toContain('\t\treverse_proxy 127.0.0.1:3001 {\n');
    for (const directive of ['lb_', 'fail_duration', 'max_fails', 'unhealthy_status', 'dial_timeout']) expect(single).not.toContain(directive);
  });
});

describe('lighttpdConfig with several instances', () => {
  it('writes one proxy.server host entry per instance, each with the x-sendfile settings', () => {
    const config = lighttpdConfig({ server: 'lighttpd', locations: byDir }, two);
    const host = (address: string, port: number) =>
      [
        `        "host" => "${address}",`,
        `        "port" => ${port},`,
        '        "x-sendfile" => "enable",',
        '        "x-sendfile-docroot" => (',
        '            "/srv/media", # rules[0]',
        '        )',
      ].join('\n');
    expect(config).toContain(
      `    proxy.server = ( "" => ( (\n${host('127.0.0.1', 3001)}\n    ), (\n${host('10.0.0.2', 3002)}\n    ) ) )\n}\n`,
    );
    const single = lighttpdConfig({ server: 'lighttpd', locations: byDir }, { ...base, upstream: '127.0.0.1:3001' });
    expect(single).toContain(`    proxy.server = ( "" => ( (\n${host('127.0.0.1', 3001)}\n    ) ) )\n}\n`);
    expect(single).not.toContain('proxy.balance');
  });
});

describe('apacheConfig with several instances', () => {
  it('refuses them, naming the modules it would need', () => {
    expect(() => apacheConfig({ server: 'apache', locations: byDir }, two)).toThrow(
      'apache: upstream lists 2 app instances (127.0.0.1:3001, 10.0.0.2:3002), but this config proxies to one: balancing over several needs mod_proxy_balancer',
    );
    expect(apacheConfig({ server: 'apache', locations: byDir }, { ...base, upstream: ['127.0.0.1:3001'] })).toContain(
      'ProxyPass "/" "http://127.0.0.1:3001/" nocanon',
    );
  });
});
