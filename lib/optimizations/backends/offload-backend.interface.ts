import type { FileStat } from '../../interfaces/file-stat.interface';
import type { DownloadResponse } from '../../response/download.response';
import type { OffloadRule } from '../offload-rule.interface';
import type { OffloadTarget } from '../offload-rules';
import type { ProxiedDownloadResponse } from '../proxied-download.response';

/**
 * A reverse proxy the application hands downloads to (django-downloadview's
 * optimization backends). It turns a matched rule into the empty answer's
 * headers, encoding the location the way its server decodes it.
 *
 * Implement it to support another server; the built-in ones are
 * `NginxBackend`, `ApacheBackend` and `LighttpdBackend`.
 */
export interface OffloadBackend {
  /** Name shown in messages, e.g. `nginx`. */
  readonly name: string;
  /** What rules give it: an internal URL (`destinationUrl`) or a folder (`destinationDir`). */
  readonly destinationKind: 'url' | 'dir';
  /** Whether it can offload remote files (HttpFile) through a proxying location. */
  readonly offloadsRemoteFiles: boolean;
  /** Whether the answer needs the file's stat (e.g. for an ETag): one stat per request. */
  readonly needsStat: boolean;
  /** Rule options only this backend understands, beyond sources and destinations. */
  readonly extraRuleOptions: readonly (keyof OffloadRule)[];

  /** Problems with this backend's own rule options, for the start-up error. */
  checkRule(rule: OffloadRule): string[];

  /**
   * The offload answer for `download` at `target`, or `undefined` when the
   * location cannot be written in a header (the application then streams).
   * `stat` is given when `needsStat` is set.
   */
  createResponse(
    download: DownloadResponse,
    target: OffloadTarget,
    stat?: FileStat,
  ): ProxiedDownloadResponse | undefined;
}
