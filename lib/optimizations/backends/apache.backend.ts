import type { FileStat } from '../../interfaces/file-stat.interface';
import type { DownloadResponse } from '../../response/download.response';
import type { OffloadRule } from '../offload-rule.interface';
import { type OffloadTarget, targetPath } from '../offload-rules';
import { offloadedHeaders, XSendfileResponse } from '../proxied-download.response';
import { rawUtf8HeaderValue } from './header-value.util';
import type { OffloadBackend } from './offload-backend.interface';

/**
 * Apache with mod_xsendfile (django-downloadview's apache
 * XSendfileMiddleware): `X-Sendfile` with the absolute path as raw UTF-8
 * bytes (mod_xsendfile does not percent-decode: an encoded name is a 404).
 *
 * It sends the file's ETag (weak, from size and modification time), so it
 * stats the file: without one, Apache tags every offloaded file `"0"`, and a
 * client holding `"0"` would get 304 for any file. A missing file answers 404
 * from the application.
 */
export class ApacheBackend implements OffloadBackend {
  readonly name: string = 'apache';
  readonly destinationKind = 'dir' as const;
  readonly offloadsRemoteFiles: boolean = false;
  readonly needsStat: boolean = true;
  readonly extraRuleOptions: readonly (keyof OffloadRule)[] = [];

  checkRule(): string[] {
    return [];
  }

  createResponse(download: DownloadResponse, target: OffloadTarget, stat?: FileStat): XSendfileResponse | undefined {
    const filePath = targetPath(target);
    const value = rawUtf8HeaderValue(filePath);
    if (value === undefined) return undefined;
    const headers = { ...offloadedHeaders(download, stat), 'x-sendfile': value };
    const etag = stat && download.etag(stat);
    if (etag) Object.assign(headers, { etag });
    return new XSendfileResponse(download, headers, this.name, filePath);
  }
}
