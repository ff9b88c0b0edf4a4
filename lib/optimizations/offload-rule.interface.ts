import type { FileStat } from '../interfaces/file-stat.interface';
import type { DownloadResponse } from '../response/download.response';
import type { ProxiedDownloadResponse } from './proxied-download.response';

/** The reverse proxies the library can hand downloads to. */
export type OffloadServerName = 'nginx' | 'apache' | 'lighttpd' | 'caddy';

/** The status of a redirect rule's answer: 302 (default) or 307. */
export type RedirectStatus = 302 | 307;

/**
 * One offload rule (an item of django-downloadview's DOWNLOADVIEW_RULES):
 * which files it captures (`sourceUrl`, `sourceDir` or `sourceStorage`) and where the proxy
 * finds them (`destinationUrl` for nginx, `destinationDir` for X-Sendfile).
 * The first rule that matches a file wins.
 *
 * Prefixes match whole path segments only: `/media` captures `/media/a.txt`,
 * never `/media-secret/a.txt`. The mapped location never leaves the destination.
 *
 * @example
 * { sourceUrl: '/media/', destinationUrl: '/protected/', expires: 3600 }
 * { backend: 'apache', sourceDir: '/srv/exports', destinationDir: '/var/exports' }
 * { backend: 'redirect', sourceStorage: s3, presignExpiresIn: 60 }
 */
export interface OffloadRule {
  /**
   * The proxy this rule speaks to, or `'redirect'` (the client itself, sent
   * to a presigned URL of a `sourceStorage` object); defaults to the module's `backend`.
   */
  backend?: OffloadServerName | 'redirect' | OffloadBackend;
  /** URL prefix of the files to capture (a storage's `baseUrl`, or a remote origin's URL for nginx). */
  sourceUrl?: string;
  /** Absolute folder of the files to capture (PathFile, FileSystemStorage). */
  sourceDir?: string;
  /**
   * nginx: the object storage whose files (StorageFile) the rule captures,
   * e.g. an `S3Storage`. The answer names a presigned GET of the object
   * below `destinationUrl`, a location that proxies the storage's
   * `objectsUrl` (see `generateProxyConfig()`).
   * `redirect`: the answer is a 302 (or 307) to a presigned GET of the
   * object, carrying the streamed answer's Content-Disposition and Content-Type.
   */
  sourceStorage?: PresigningStorage;
  /** `sourceStorage` rules: seconds the presigned URL (fetched by nginx, or followed by the client) stays valid (default 60). */
  presignExpiresIn?: number;
  /** `redirect` rules: the answer's status, 302 (default) or 307. */
  redirectStatus?: RedirectStatus;
  /** nginx, Caddy: the internal location serving the files, e.g. `/protected/`. */
  destinationUrl?: string;
  /**
   * Apache / lighttpd: the absolute folder the proxy reads the files from
   * (defaults to `sourceDir`, when the proxy sees the same disk as the app).
   */
  destinationDir?: string;
  /** nginx `X-Accel-Expires`: seconds, a Date (sent as `@epoch`), or `false` for `off`. */
  expires?: number | Date | false;
  /** nginx `X-Accel-Buffering`: `yes` or `no`. */
  withBuffering?: boolean;
  /** nginx `X-Accel-Limit-Rate`: bytes per second, or `false` for `off`. */
  limitRate?: number | false;
  /**
   * Offload files reached through symbolic links that lead out of the rule's
   * `sourceDir` or the wrapper's folder (PathFile `root`, FileSystemStorage
   * `location`). Default `false`: the application resolves the file's real
   * path before it names it to the proxy and answers 404 for such links.
   */
  allowSymlinks?: boolean;
}

/** Every option an offload rule may carry (unknown keys are refused at start-up). */
export const OFFLOAD_RULE_KEYS: readonly (keyof OffloadRule)[] = [
  'backend',
  'sourceUrl',
  'sourceDir',
  'sourceStorage',
  'presignExpiresIn',
  'redirectStatus',
  'destinationUrl',
  'destinationDir',
  'expires',
  'withBuffering',
  'limitRate',
  'allowSymlinks',
];

/**
 * A storage whose objects the proxy fetches itself over HTTP with presigned
 * URLs (`S3Storage`): what an offload rule's `sourceStorage` needs. The core
 * only duck-types it, so it never loads an SDK.
 */
export interface PresigningStorage {
  /**
   * URL prefix of the storage's objects, ending with `/`
   * (`http://127.0.0.1:9000/bucket/prefix/`): what the proxy location
   * proxies. Undefined when it cannot be known without a request.
   */
  readonly objectsUrl?: string;
  /** A presigned GET URL of `name` (below `objectsUrl`), undefined for a refused name. */
  presign(name: string, options?: PresignOptions): Promise<string | undefined>;
}

/**
 * What a presigned GET carries: how long it stays valid, and the headers the
 * store sends instead of the object's own (S3's `response-content-*` overrides).
 */
export interface PresignOptions {
  /** Seconds the URL stays valid. */
  expiresIn?: number;
  /** The answer's Content-Disposition. */
  contentDisposition?: string;
  /** The answer's Content-Type. */
  contentType?: string;
  /** The answer's Content-Encoding. */
  contentEncoding?: string;
  /** The answer's Cache-Control. */
  cacheControl?: string;
}

/**
 * A reverse proxy the application hands downloads to (django-downloadview's
 * optimization backends). It turns a matched rule into the empty answer's
 * headers, encoding the location the way its server decodes it.
 *
 * Implement it to support another server; the built-in ones are
 * `NginxBackend`, `ApacheBackend`, `LighttpdBackend` and `CaddyBackend`.
 */
export interface OffloadBackend {
  /** Name shown in messages, e.g. `nginx`. */
  readonly name: string;
  /**
   * What rules give it: an internal URL (`destinationUrl`), a folder
   * (`destinationDir`), or nothing for `'redirect'` (no proxy: the client is
   * sent to a presigned URL of a `sourceStorage` object, given as `target.url`).
   */
  readonly destinationKind: 'url' | 'dir' | 'redirect';
  /** Whether it can offload remote files (HttpFile, `sourceStorage` objects) through a proxying location. */
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

/**
 * A rule checked and normalised at start-up (what `OFFLOAD_RULES` provides):
 * its backend resolved, its prefixes and destination in canonical form.
 */
export interface CompiledOffloadRule {
  /** Where the rule was written, for messages: `rules[0]`, `@XSendfile() on Exports.csv`. */
  readonly label: string;
  readonly backend: OffloadBackend;
  /** URL prefix ending with `/` (absolute URLs in WHATWG form), when matching by URL. */
  readonly sourceUrl?: string;
  /** Absolute folder without trailing slash, when matching by path. */
  readonly sourceDir?: string;
  /** The object storage whose files the rule captures (presigned offload). */
  readonly sourceStorage?: PresigningStorage;
  /** `/protected/` (ending with `/`) for URL backends, `/var/exports` (no trailing slash) for folder backends, `''` for redirects. */
  readonly destination: string;
  /** The rule as written. */
  readonly options: Readonly<OffloadRule>;
}

/** Where a matched rule sends one file. */
export interface OffloadTarget {
  readonly rule: CompiledOffloadRule;
  /**
   * Decoded path segments below the destination. None is empty, `.` or `..`,
   * or holds `/`, `\`, NUL or another control character: joined to the
   * destination, they can never leave it.
   */
  readonly segments: readonly string[];
  /** The matched URL's query string with its `?` (remote files), or `''`. */
  readonly search: string;
  /** Redirect rules: the absolute presigned URL the client is sent to. */
  readonly url?: string;
}
