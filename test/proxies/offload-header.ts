import { NGINX_LOCATIONS } from './nginx.server';
import type { ProxyName } from './proxy-server.types';

/** An offload header as a Node app must write it (`res.setHeader(name, value)`). */
export interface OffloadHeader {
  name: 'X-Accel-Redirect' | 'X-Sendfile';
  value: string;
}

/**
 * Percent-encodes every segment of a `/`-separated path, keeping the slashes
 * (`sub dir/é.txt` -> `sub%20dir/%C3%A9.txt`). nginx and lighttpd decode the
 * header value, so this is the form they need.
 */
export function percentEncodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * A header value carrying the raw UTF-8 bytes of `text`. Node refuses header
 * strings with characters above 0xFF and writes each char as one byte, so the
 * UTF-8 bytes are passed as a latin1 string.
 */
export function rawUtf8HeaderValue(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * The header that makes proxy `name` serve `relativePath` from the mapped
 * folder `dirKey` (`dirs[dirKey]` on disk):
 * - nginx: `X-Accel-Redirect: <internal location><percent-encoded path>`;
 * - Apache (mod_xsendfile): `X-Sendfile: <absolute path as raw UTF-8 bytes>`
 *   (it does not decode; percent-encoded names are a 404);
 * - lighttpd: `X-Sendfile: <percent-encoded absolute path>` (it decodes);
 * - Caddy: as nginx (`uri replace` decodes the value once).
 */
export function offloadHeaderFor(
  name: ProxyName,
  dirs: Readonly<Record<string, string>>,
  dirKey: string,
  relativePath: string,
): OffloadHeader {
  const dir = dirs[dirKey];
  if (dir === undefined) throw new Error(`no mapped folder "${dirKey}"`);
  switch (name) {
    case 'nginx':
    case 'caddy': {
      const location = NGINX_LOCATIONS[dirKey];
      if (!location) throw new Error(`${name}'s config has no location for "${dirKey}"`);
      return { name: 'X-Accel-Redirect', value: location + percentEncodePath(relativePath) };
    }
    case 'apache':
      return { name: 'X-Sendfile', value: rawUtf8HeaderValue(`${dir}/${relativePath}`) };
    case 'lighttpd':
      return { name: 'X-Sendfile', value: percentEncodePath(`${dir}/${relativePath}`) };
  }
}
