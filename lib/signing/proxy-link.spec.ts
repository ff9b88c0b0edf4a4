import { execFileSync } from 'node:child_process';
import { validateDownloadOptions } from '../download-module-options.validator';
import type { DownloadModuleOptions } from '../download-module-options.interface';
import type { ProxyLinkOptions } from './proxy-link-options.interface';
import { proxyLinkProblems } from './proxy-link-options.validator';
import { UrlSigner } from './url-signer.service';

const SECRET = 'f'.repeat(16) + '0123456789abcdef';
const NOW = Date.UTC(2030, 0, 1); // 1893456000
const nginx: ProxyLinkOptions = { server: 'nginx', urlPrefix: '/links/', sourceDir: '/srv/media', secret: SECRET };
const lighttpd: ProxyLinkOptions = { server: 'lighttpd', urlPrefix: '/dl/', sourceDir: '/srv/media/', secret: SECRET, ttl: 60 };

class SignerAt extends UrlSigner {
  constructor(config: DownloadModuleOptions) {
    super(config);
  }
  protected override now(): number {
    return NOW;
  }
}
const signer = new SignerAt({ proxyLinks: [nginx, lighttpd] });

/** The formulas of the servers' docs, computed by openssl, not by Node. */
function opensslBase64url(args: string[], input: string): string {
  const digest = execFileSync('openssl', args, { input: Buffer.from(input, 'utf8') });
  return digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('UrlSigner.proxyLink()', () => {
  it("makes nginx's secure_link URL: md5 = base64url(MD5(expires + decoded $uri + ' ' + secret)), as `openssl md5 -binary` computes it", () => {
    const url = signer.proxyLink('reports/café menu.txt', { ttl: 600 });
    const expires = NOW / 1000 + 600;
    const md5 = opensslBase64url(['md5', '-binary'], `${expires}/links/reports/café menu.txt ${SECRET}`);
    expect(url).toBe(`/links/reports/caf%C3%A9%20menu.txt?md5=${md5}&expires=${expires}`);
  });

  it("makes mod_secdownload's link shape for lighttpd: <prefix><base64url HMAC-SHA256 of /<hex expiry>/<path>>/<hex expiry>/<path>", () => {
    const url = signer.proxyLink(['sub dir', '50% off.txt'], { urlPrefix: '/dl/' });
    const hex = (NOW / 1000 + 60).toString(16);
    const mac = opensslBase64url(['dgst', '-sha256', '-binary', '-hmac', SECRET], `/${hex}/sub dir/50% off.txt`);
    expect(url).toBe(`/dl/${mac}/${hex}/sub%20dir/50%25%20off.txt`);
    expect(mac).toHaveLength(43);
  });

  it('takes an absolute path inside the folder, an exact expiry, and defaults to one hour', () => {
    const at = new Date(NOW + 5000);
    expect(signer.proxyLink('/srv/media/a.txt', { expiresAt: at })).toBe(signer.proxyLink('a.txt', { ttl: 5 }));
    expect(signer.proxyLink('a.txt')).toContain(`&expires=${NOW / 1000 + 3600}`);
  });

  it.each([
    ['a climbing name', '../secret.txt'],
    ['an encoded climb', '%2e%2e/secret.txt'],
    ['an empty segment', 'a//b.txt'],
    ['a control character', 'tab\there.txt'],
    ['an absolute path outside the folder', '/srv/other/a.txt'],
    ['a folder prefix that is not the folder', '/srv/media-old/a.txt'],
  ])('refuses %s', (_what, name) => {
    expect(() => signer.proxyLink(name)).toThrow(/proxyLink\(\): .* (is not a safe name below|is not inside) \/srv\/media/);
  });

  it('says how to configure it, and which prefixes exist', () => {
    expect(() => new UrlSigner({}).proxyLink('a.txt')).toThrow('proxy links are not configured: pass `proxyLinks: [');
    expect(() => signer.proxyLink('a.txt', { urlPrefix: '/nope/' })).toThrow('no proxyLinks entry has urlPrefix "/nope/"');
  });
});

describe('proxyLinkProblems', () => {
  it('accepts a complete entry per server', () => {
    expect(proxyLinkProblems([nginx, { ...lighttpd, allowSymlinks: true }])).toEqual([]);
    expect(proxyLinkProblems(undefined)).toEqual([]);
  });

  it.each([
    [{ ...nginx, server: 'apache' }, "proxyLinks[0].server must be 'nginx' or 'lighttpd', got \"apache\": Apache cannot verify links itself; serve them through a @SignatureRequired() route"],
    [{ ...nginx, server: 'caddy' }, "proxyLinks[0].server must be 'nginx' or 'lighttpd', got \"caddy\": Caddy cannot verify links itself; serve them through a @SignatureRequired() route"],
    [{ ...nginx, urlPrefix: '/links' }, 'proxyLinks[0].urlPrefix must be a path starting and ending with / (letters, digits, - _ . ~), e.g. "/links/", got "/links"'],
    [{ ...nginx, sourceDir: 'media' }, 'proxyLinks[0].sourceDir must be an absolute folder path without .., ", \\, $, { or }, got "media"'],
    [{ ...nginx, sourceDir: '/srv/../etc' }, 'proxyLinks[0].sourceDir must be an absolute folder path without .., ", \\, $, { or }, got "/srv/../etc"'],
    [{ ...nginx, secret: 'short' }, 'proxyLinks[0].secret must be 32 to 128 characters of A-Z a-z 0-9 _ - . ~ + / = (e.g. `openssl rand -hex 32`), got 5 characters'],
    [{ ...nginx, secret: `${SECRET}"; return 200;` }, 'proxyLinks[0].secret must be 32 to 128 characters of A-Z a-z 0-9 _ - . ~ + / = (e.g. `openssl rand -hex 32`), got another character (the proxy config could not hold it safely)'],
    [{ ...nginx, ttl: 0 }, 'proxyLinks[0].ttl must be whole seconds > 0, got 0'],
  ])('refuses %j', (link, problem) => {
    expect(proxyLinkProblems([link as ProxyLinkOptions])).toContain(problem);
  });

  it('refuses two entries on one prefix, and is part of the start-up error', () => {
    expect(proxyLinkProblems([nginx, { ...nginx, server: 'lighttpd' }])).toEqual(["proxyLinks[1].urlPrefix /links/ is already proxyLinks[0]'s"]);
    expect(() => validateDownloadOptions({ proxyLinks: [{ ...nginx, secret: 'x' }] })).toThrow(
      /DownloadModule: invalid options:\n- proxyLinks\[0\]\.secret must be 32 to 128 characters/,
    );
  });
});
