import type { OffloadBackend } from './backends/offload-backend.interface';

/** The reverse proxies the library can hand downloads to. */
export type OffloadServerName = 'nginx' | 'apache' | 'lighttpd';

/**
 * One offload rule (an item of django-downloadview's DOWNLOADVIEW_RULES):
 * which files it captures (`sourceUrl` or `sourceDir`) and where the proxy
 * finds them (`destinationUrl` for nginx, `destinationDir` for X-Sendfile).
 * The first rule that matches a file wins.
 *
 * Prefixes match whole path segments only: `/media` captures `/media/a.txt`,
 * never `/media-secret/a.txt`. The mapped location never leaves the destination.
 *
 * @example
 * { sourceUrl: '/media/', destinationUrl: '/protected/', expires: 3600 }
 * { backend: 'apache', sourceDir: '/srv/exports', destinationDir: '/var/exports' }
 */
export interface OffloadRule {
  /** The proxy this rule speaks to; defaults to the module's `backend`. */
  backend?: OffloadServerName | OffloadBackend;
  /** URL prefix of the files to capture (a storage's `baseUrl`, or a remote origin's URL for nginx). */
  sourceUrl?: string;
  /** Absolute folder of the files to capture (PathFile, FileSystemStorage). */
  sourceDir?: string;
  /** nginx: the `internal` location serving the files, e.g. `/protected/`. */
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
}

/** Every option an offload rule may carry (unknown keys are refused at start-up). */
export const OFFLOAD_RULE_KEYS: readonly (keyof OffloadRule)[] = [
  'backend',
  'sourceUrl',
  'sourceDir',
  'destinationUrl',
  'destinationDir',
  'expires',
  'withBuffering',
  'limitRate',
];
