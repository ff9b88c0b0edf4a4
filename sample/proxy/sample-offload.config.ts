import type { OffloadRule } from 'nestjs-downloadview';
import { NGINX_MEDIA_DIR } from '../nginx/nginx.storage';
import { MEDIA_ROOT } from '../sample.paths';

/** The servers the sample can run behind (`npm run start:<server>`). */
export type SampleProxy = 'nginx' | 'apache' | 'lighttpd';

export const SAMPLE_PROXIES: readonly SampleProxy[] = ['nginx', 'apache', 'lighttpd'];

// docs:start rules
/**
 * The rules AppModule gives DownloadModule.forRoot() (django's
 * DOWNLOADVIEW_RULES), for the server in front: SAMPLE_PROXY, which
 * `npm run start:<server>` sets. Every file under /media/ (the storage's
 * baseUrl) is then sent by that server; with none, the app streams them.
 */
export function sampleOffloadRules(proxy = process.env.SAMPLE_PROXY): OffloadRule[] {
  switch (proxy) {
    case 'nginx':
      return [{ backend: 'nginx', sourceUrl: '/media/', destinationUrl: '/protected/' }];
    case 'apache':
      return [{ backend: 'apache', sourceUrl: '/media/', destinationDir: MEDIA_ROOT }];
    case 'lighttpd':
      return [{ backend: 'lighttpd', sourceUrl: '/media/', destinationDir: MEDIA_ROOT }];
    case undefined:
    case '':
      return [];
    default:
      throw new Error(`SAMPLE_PROXY must be ${SAMPLE_PROXIES.join(', ')} or empty, got ${JSON.stringify(proxy)}`);
  }
}
// docs:end rules

/**
 * The folders the server's config maps (test/proxies/<server>/*.conf): for
 * nginx, /protected/ is MEDIA_ROOT and /protected-reports/ (the decorator's
 * location) media/nginx/; for Apache and lighttpd, the folder X-Sendfile may
 * read from.
 */
export function sampleProxyDirs(server: SampleProxy): { files: string; reports?: string } {
  return server === 'nginx' ? { files: MEDIA_ROOT, reports: NGINX_MEDIA_DIR } : { files: MEDIA_ROOT };
}
