import type { ProxyLinkOptions } from '../signing/proxy-link-options.interface';
import { generateProxyConfig } from './proxy-config.generator';
import { lighttpdProxyLinkScript } from './proxy-links.config';

const SECRET = '0123456789abcdef'.repeat(2);
const links: ProxyLinkOptions[] = [
  { server: 'nginx', urlPrefix: '/links/', sourceDir: '/srv/media', secret: SECRET },
  { server: 'lighttpd', urlPrefix: '/dl/', sourceDir: '/srv/media/', secret: SECRET },
];
const params = { runtimeDir: '/tmp/run' };

describe('proxy-verified links in the generated configs', () => {
  it('nginx: a secure_link location per entry with the secret, 403 for a bad hash, 410 when expired, links refused', () => {
    const config = generateProxyConfig('nginx', { options: { proxyLinks: links } }, params);
    expect(config).toContain(
      [
        '        location ^~ /links/ {',
        '            secure_link $arg_md5,$arg_expires;',
        `            secure_link_md5 "$secure_link_expires$uri ${SECRET}";`,
        '            if ($secure_link = "") { return 403; }',
        '            if ($secure_link = "0") { return 410; }',
        '            alias "/srv/media/";',
        '            disable_symlinks on from="/srv/media";',
        '        }',
      ].join('\n'),
    );
    expect(config).not.toContain('/dl/');
    const lax = generateProxyConfig('nginx', { options: { proxyLinks: [{ ...links[0], allowSymlinks: true }] } }, params);
    expect(lax).not.toContain("disable_symlinks on");
  });

  it('lighttpd: mod_magnet first, the prefix kept from mod_proxy, its script attracted, links refused', () => {
    const config = generateProxyConfig('lighttpd', { options: { proxyLinks: links } }, params);
    expect(config).toContain('server.modules = ( "mod_magnet", "mod_alias", "mod_proxy",');
    expect(config).toContain(
      [
        '$HTTP["url"] =^ "/dl/" {',
        '    proxy.server = ( )',
        '    magnet.attract-physical-path-to = ( "/tmp/run/proxy-link-dl.lua" )',
        '    server.follow-symlink = "disable"',
        '    # Types by extension: without them lighttpd sends no ETag nor Last-Modified (no 304).',
        '    mimetype.assign = (',
        '        ".txt" => "text/plain",',
      ].join('\n'),
    );
    // The fallback closes the list: a file of any other extension keeps its ETag and Last-Modified too.
    expect(config).toContain(['        "" => "application/octet-stream"', '    )', '}'].join('\n'));
    expect(config).not.toContain('/links/');
    const plain = generateProxyConfig('lighttpd', { options: { backend: 'lighttpd', rules: [{ sourceDir: '/srv/a' }] } }, params);
    expect(plain).not.toContain('mod_magnet');
  });

  it("lighttpd's Lua script holds the prefix, secret and folder, and checks with lighty.c.hmac / digest_eq / time", () => {
    const script = lighttpdProxyLinkScript(links[1]);
    expect(script).toContain('local prefix = "/dl/"');
    expect(script).toContain(`local secret = "${SECRET}"`);
    expect(script).toContain('local dir = "/srv/media"');
    expect(script).toContain('c.digest_eq(c.hexenc(given), c.hmac("sha256", secret, "/" .. hex .. rel))');
    expect(script).toContain('if tonumber(hex, 16) < c.time() then return 410 end');
  });

  it('Apache and Caddy: refused, saying they cannot verify links; entries for other servers are left out', () => {
    expect(() => generateProxyConfig('apache', { options: { proxyLinks: [{ ...links[0], server: 'apache' as never }] } })).toThrow(
      'Apache cannot verify links itself',
    );
    expect(() => generateProxyConfig('caddy', { options: { proxyLinks: links } })).toThrow('no offload rule for caddy');
  });
});
