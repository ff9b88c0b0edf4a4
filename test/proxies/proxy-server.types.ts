/** The reverse proxies the harness can start. */
export type ProxyName = 'nginx' | 'apache' | 'lighttpd' | 'caddy';

/** Every proxy the harness knows, in a stable order (handy for `describe.each`). */
export const PROXY_NAMES: readonly ProxyName[] = ['nginx', 'apache', 'lighttpd', 'caddy'];

/**
 * Folders the proxy's config serves offloaded files from, by key
 * (`files`, `reports`...): startProxy() checks that the workers can read them.
 */
export interface ProxyDirs {
  files: string;
  reports?: string;
  [key: string]: string | undefined;
}

/** What a generated config needs to know of one start of the server. */
export interface ProxyRun {
  /** Free 127.0.0.1 port the server must listen on. */
  port: number;
  appPort: number;
  /** Its temp dir: pid file, logs and temp files go there. */
  tmpDir: string;
  /** Workers' user and group (www-data when the tests run as root). */
  user: string;
  group: string;
}

/** Options of {@link startProxy}. */
export interface StartProxyOptions {
  /** Port of the app on 127.0.0.1 that the proxy forwards every request to. */
  appPort: number;
  /** Absolute folders the offload locations map to. */
  dirs: ProxyDirs;
  /**
   * The config to run, made for this start (e.g. by the library's
   * `generateProxyConfig()`): the temp dir, port and worker user are given.
   * There are no hand-written templates: every suite runs a generated config.
   */
  config: (run: ProxyRun) => string;
  /** Bounded wait for the port to accept connections (default 10 s). */
  startTimeoutMs?: number;
}

/** A proxy started by {@link startProxy}. */
export interface RunningProxy {
  name: ProxyName;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Temp dir holding the config, logs and pid file; removed by stop(). */
  tmpDir: string;
  /** Path of the config file. */
  configPath: string;
  /** The folders the config maps, all absolute (including defaulted ones). */
  dirs: Readonly<Record<string, string>>;
  pid: number;
  /** The server's stderr plus its error log so far (for failure messages). */
  logs(): string;
  /** Kills the server by pid, waits for it to exit and removes tmpDir. Idempotent. */
  stop(): Promise<void>;
}

/** How one server is installed, configured and started. */
export interface ProxyServerDefinition {
  name: ProxyName;
  /** Executable name, looked up in PATH, /usr/sbin and /sbin. */
  binary: string;
  /** Other files that must exist for the server to work (modules...). */
  requiredFiles: readonly string[];
  /** Debian packages that provide it (for error messages). */
  packages: readonly string[];
  /** File name of the config inside tmpDir. */
  configName: string;
  /** Command-line arguments to run it in the foreground. */
  args(tmpDir: string, configPath: string): string[];
  /** Environment variables to set for it (e.g. HOME inside tmpDir). */
  env?(tmpDir: string): Record<string, string>;
  /** Extra folders to create in tmpDir, relative, owned by the worker user when writable. */
  writableDirs: readonly string[];
  /** Log files in tmpDir worth showing when the server fails. */
  logFiles: readonly string[];
}
