import type { DownloadResponse } from '../../response/download.response';
import type { OffloadRule } from '../offload-rule.interface';
import { type OffloadTarget, targetUrl } from '../offload-rules';
import { offloadedHeaders, XAccelRedirectResponse } from '../proxied-download.response';
import type { OffloadBackend } from './offload-backend.interface';

/**
 * Caddy 2 (`reverse_proxy` with `handle_response` on the offload header):
 * `X-Accel-Redirect` to a location that only exists inside `handle_response`,
 * each path segment percent-encoded. The config turns the header into the
 * request path with `uri replace`, which decodes it once (Caddy 2.6.2 and
 * later); `rewrite` would not decode it before 2.7, and a `?` in a name
 * would start a query string.
 *
 * Caddy answers with file_server's headers alone: the config copies the
 * app's Content-Type, Content-Disposition, Cache-Control and Set-Cookie
 * (`copy_response_headers`); ETag and Last-Modified are the file's. It has
 * no X-Accel options and no way to refuse symbolic links: the application
 * refuses links out of the folder before it answers.
 *
 * @see docs/optimizations/caddy.md
 */
export class CaddyBackend implements OffloadBackend {
  readonly name: string = 'caddy';
  readonly destinationKind = 'url' as const;
  readonly offloadsRemoteFiles: boolean = false;
  readonly needsStat: boolean = false;
  readonly extraRuleOptions: readonly (keyof OffloadRule)[] = [];

  checkRule(): string[] {
    return [];
  }

  createResponse(download: DownloadResponse, target: OffloadTarget): XAccelRedirectResponse | undefined {
    const url = targetUrl(target);
    if (url === undefined) return undefined;
    const headers = offloadedHeaders(download);
    headers['x-accel-redirect'] = url;
    return new XAccelRedirectResponse(download, headers, this.name);
  }
}
