import { createHash, createHmac } from 'node:crypto';
import type { ProxyLinkOptions } from './proxy-link-options.interface';

/**
 * The link the proxy checks for the file at `segments` below the entry's
 * folder, valid until `expires` (seconds since the epoch). The MAC covers
 * the path as the proxy sees it (percent-decoded, UTF-8); the URL carries
 * each segment percent-encoded.
 */
export function proxyLinkUrl(link: ProxyLinkOptions, segments: readonly string[], expires: number): string {
  const encoded = segments.map(encodeURIComponent).join('/');
  if (link.server === 'nginx') {
    // secure_link_md5 "$secure_link_expires$uri <secret>"; $uri is the decoded path.
    const uri = `${link.urlPrefix}${segments.join('/')}`;
    const md5 = createHash('md5').update(`${expires}${uri} ${link.secret}`).digest('base64url');
    return `${link.urlPrefix}${encoded}?md5=${md5}&expires=${expires}`;
  }
  // mod_secdownload's shape: <prefix><mac>/<hex time>/<path>, mac = HMAC-SHA256 of "/<hex time>/<path>".
  const hex = expires.toString(16);
  const mac = createHmac('sha256', link.secret).update(`/${hex}/${segments.join('/')}`).digest('base64url');
  return `${link.urlPrefix}${mac}/${hex}/${encoded}`;
}
