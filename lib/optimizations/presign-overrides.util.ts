import type { FileStat } from '../interfaces/file-stat.interface';
import type { DownloadResponse } from '../response/download.response';
import type { PresignOptions } from './offload-rule.interface';

/**
 * The headers the streamed answer of `download` would carry
 * (`defaultHeaders(stat)`: Content-Disposition, Content-Type with its
 * charset, Content-Encoding, Cache-Control), as presign overrides: the store
 * then sends the object exactly as the application would have.
 */
export function presignOverrides(download: DownloadResponse, stat?: FileStat | null): PresignOptions {
  const headers = download.defaultHeaders(stat);
  const text = (name: string) => (headers[name] === undefined ? undefined : String(headers[name]));
  return {
    contentDisposition: text('content-disposition'),
    contentType: text('content-type'),
    contentEncoding: text('content-encoding'),
    cacheControl: text('cache-control'),
  };
}
