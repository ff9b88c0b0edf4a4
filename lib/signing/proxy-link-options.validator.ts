import type { ProxyLinkOptions } from './proxy-link-options.interface';

const SECRET = /^[A-Za-z0-9_.~+/=-]{32,128}$/;
// What a proxy config can hold unquoted-safe in a location and a quoted path.
const URL_PREFIX = /^\/(?:[A-Za-z0-9_.~-]+\/)+$/;
const DIR = /^\/[^"\\${}\u0000-\u001f\u007f]*$/;

/** Problems with the `proxyLinks` option, for DownloadModule's start-up error. */
export function proxyLinkProblems(proxyLinks: readonly ProxyLinkOptions[] | undefined): string[] {
  if (proxyLinks === undefined) return [];
  if (!Array.isArray(proxyLinks)) return ['proxyLinks must be an array: [{ server, urlPrefix, sourceDir, secret }]'];
  const problems: string[] = [];
  const prefixes = new Map<string, number>();
  proxyLinks.forEach((link, i) => {
    const at = `proxyLinks[${i}]`;
    if (link === null || typeof link !== 'object') {
      problems.push(`${at} must be an object: { server, urlPrefix, sourceDir, secret }`);
      return;
    }
    const { server, urlPrefix, sourceDir, secret, ttl, allowSymlinks } = link;
    if (server !== 'nginx' && server !== 'lighttpd') {
      problems.push(
        `${at}.server must be 'nginx' or 'lighttpd', got ${JSON.stringify(server)}` +
          (server === 'apache' || server === 'caddy'
            ? `: ${server === 'apache' ? 'Apache' : 'Caddy'} cannot verify links itself; serve them through a @SignatureRequired() route`
            : ''),
      );
    }
    if (typeof urlPrefix !== 'string' || !URL_PREFIX.test(urlPrefix)) {
      problems.push(`${at}.urlPrefix must be a path starting and ending with / (letters, digits, - _ . ~), e.g. "/links/", got ${JSON.stringify(urlPrefix)}`);
    } else if (prefixes.has(urlPrefix)) {
      problems.push(`${at}.urlPrefix ${urlPrefix} is already proxyLinks[${prefixes.get(urlPrefix)}]'s`);
    } else {
      prefixes.set(urlPrefix, i);
    }
    if (typeof sourceDir !== 'string' || !DIR.test(sourceDir) || sourceDir.split('/').includes('..')) {
      problems.push(`${at}.sourceDir must be an absolute folder path without .., ", \\, $, { or }, got ${JSON.stringify(sourceDir)}`);
    }
    if (typeof secret !== 'string' || !SECRET.test(secret)) {
      problems.push(
        `${at}.secret must be 32 to 128 characters of A-Z a-z 0-9 _ - . ~ + / = (e.g. \`openssl rand -hex 32\`), got ` +
          (typeof secret !== 'string'
            ? typeof secret
            : secret.length >= 32 && secret.length <= 128
              ? 'another character (the proxy config could not hold it safely)'
              : `${secret.length} characters`),
      );
    }
    if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) problems.push(`${at}.ttl must be whole seconds > 0, got ${String(ttl)}`);
    if (allowSymlinks !== undefined && typeof allowSymlinks !== 'boolean') problems.push(`${at}.allowSymlinks must be a boolean`);
  });
  return problems;
}
