/** The servers that can check a link themselves (Apache and Caddy cannot). */
export type ProxyLinkServer = 'nginx' | 'lighttpd';

/**
 * One entry of DownloadModule's `proxyLinks` option: a folder the proxy
 * serves at `urlPrefix` to anyone holding an unexpired link from
 * `UrlSigner.proxyLink()`, checking the link itself without asking the app.
 * The proxy config generator writes the matching location and secret.
 *
 * - `nginx`: `secure_link`, `<urlPrefix><path>?md5=<MD5, base64url>&expires=<seconds>`
 *   (nginx's scheme: an MD5 of expiry, path and secret, not an HMAC).
 * - `lighttpd`: a mod_magnet Lua script checking mod_secdownload's link shape,
 *   `<urlPrefix><HMAC-SHA256, base64url>/<expiry in hex><path>`.
 *
 * @example
 * proxyLinks: [{ server: 'nginx', urlPrefix: '/links/', sourceDir: '/srv/media', secret: process.env.PROXY_LINK_SECRET! }]
 * @see docs/optimizations/verified-links.md
 */
export interface ProxyLinkOptions {
  /** The server that checks the links. */
  server: ProxyLinkServer;
  /** The URL prefix the links start with, e.g. `/links/` (begins and ends with `/`). */
  urlPrefix: string;
  /** The folder served there (absolute). */
  sourceDir: string;
  /**
   * The key the app signs with and the proxy config holds: 32 to 128
   * characters of `A-Z a-z 0-9 _ - . ~ + / =` (e.g. `openssl rand -hex 32`).
   */
  secret: string;
  /** Default lifetime of a link in seconds (default 3600). */
  ttl?: number;
  /** Let the proxy follow symbolic links below `sourceDir` (default: refused, 403). */
  allowSymlinks?: boolean;
}

/** Options of one `UrlSigner.proxyLink()` call. */
export interface ProxyLinkSignOptions {
  /** Lifetime in seconds (default: the entry's `ttl`, else 3600). */
  ttl?: number;
  /** Exact expiry instead of a lifetime. */
  expiresAt?: Date;
  /** The `urlPrefix` of the `proxyLinks` entry to use (default: the first one). */
  urlPrefix?: string;
}

/** Default lifetime of a proxy link, in seconds. */
export const PROXY_LINK_DEFAULT_TTL = 3600;
