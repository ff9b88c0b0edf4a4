import type { DownloadResponse } from '../../response/download.response';
import type { OffloadRule } from '../offload-rule.interface';
import { type OffloadTarget, targetPath } from '../offload-rules';
import { offloadedHeaders, XSendfileResponse } from '../proxied-download.response';
import { percentEncodePath } from './header-value.util';
import type { OffloadBackend } from './offload-backend.interface';

/**
 * lighttpd's mod_proxy with `"x-sendfile" => "enable"` (django-downloadview's
 * lighttpd XSendfileMiddleware): `X-Sendfile` with the absolute path, each
 * segment percent-encoded (lighttpd decodes the value once). Only plain
 * `X-Sendfile`: `X-Sendfile2` and `X-LIGHTTPD-send-file` work over FastCGI
 * only and leak to the client through mod_proxy.
 */
export class LighttpdBackend implements OffloadBackend {
  readonly name: string = 'lighttpd';
  readonly destinationKind = 'dir' as const;
  readonly offloadsRemoteFiles: boolean = false;
  readonly needsStat: boolean = false;
  readonly extraRuleOptions: readonly (keyof OffloadRule)[] = [];

  checkRule(): string[] {
    return [];
  }

  createResponse(download: DownloadResponse, target: OffloadTarget): XSendfileResponse | undefined {
    const filePath = targetPath(target);
    const value = percentEncodePath(filePath);
    if (value === undefined) return undefined;
    const headers = { ...offloadedHeaders(download), 'x-sendfile': value };
    return new XSendfileResponse(download, headers, this.name, filePath);
  }
}
