import type { DownloadModuleOptions } from '../download-module-options.interface';
import type { ProxyLinkOptions } from '../signing/proxy-link-options.interface';
import type { OffloadRule, OffloadServerName } from '../optimizations/offload-rule.interface';

/**
 * What the proxy config is generated from: the `DownloadModule` options the
 * app runs with, plus the rules of its `@XAccelRedirect()` / `@XSendfile()`
 * decorators (keep them in a constant the controllers import, so they cannot
 * drift either).
 */
export interface ProxyConfigSource {
  /** The options given to `DownloadModule.forRoot()`: `backend`, `rules`, `storage` and `proxyLinks` are read. */
  options: Pick<DownloadModuleOptions, 'backend' | 'rules' | 'storage' | 'proxyLinks'>;
  /** The rules of the app's route decorators, as written in them (`server` as `backend`). */
  routeRules?: OffloadRule[];
}

/** Deployment details the rules do not hold; every one has a default. */
export interface ProxyConfigParams {
  /** Where the proxy listens: `host:port` (default `127.0.0.1:8080`). */
  listen?: string;
  /**
   * The app, `host:port` (default `127.0.0.1:3000`), or its instances, one
   * `host:port` each, when several serve it (docs/scaling.md): nginx then
   * balances over them and sends a request that could not reach one to
   * another, Caddy and lighttpd balance too; Apache refuses several.
   */
  upstream?: string | readonly string[];
  /** Folder of the server's pid file, logs and temp files (default `/run/nestjs-downloadview`). */
  runtimeDir?: string;
  /** User and group of the workers (nginx, Apache, lighttpd); default: nginx and lighttpd keep theirs, Apache `www-data`. */
  user?: string;
  group?: string;
  /** A file the proxy alone serves at `/healthcheck-utils/proxy` (docs/healthchecks.md). */
  healthcheckFile?: string;
  /**
   * Leave out the directives refusing symbolic links (nginx `disable_symlinks`,
   * lighttpd `server.follow-symlink`): the proxy then follows them, and only
   * the application's own check refuses links out of a folder. For tests.
   */
  followSymlinks?: boolean;
}

/** One place the proxy serves offloaded files from, derived from one or more rules. */
export interface ProxyLocation {
  /** The internal URL (nginx, Caddy), e.g. `/protected/`; undefined for X-Sendfile servers. */
  url?: string;
  /** The folder served (absolute, no trailing slash); undefined for a remote origin. */
  dir?: string;
  /** nginx remote files: the origin URL prefix the location proxies. */
  origin?: string;
  /** nginx `sourceStorage` rules: `origin` is an object store fetched with the presigned query the app sends. */
  presigned?: boolean;
  /** Whether the proxy must refuse symbolic links there (no rule mapping it allows them). */
  refuseSymlinks: boolean;
  /** Labels of the rules it comes from, for comments. */
  rules: string[];
}

/** The normalised input of the per-server generators. */
export interface ProxyConfigPlan {
  server: OffloadServerName;
  locations: ProxyLocation[];
  /** The module's `proxyLinks` entries for this server (links it checks itself). */
  proxyLinks?: ProxyLinkOptions[];
}
