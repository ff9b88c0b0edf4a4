import type { ProxyConfigParams } from './proxy-config.interface';

/** Params with their defaults filled in. */
export interface ResolvedParams extends Required<Omit<ProxyConfigParams, 'user' | 'group' | 'healthcheckFile' | 'upstream'>> {
  /** The first (or only) app address, `host:port`. */
  upstream: string;
  /** Every app address, `host:port` each, in the order given (one or more, no duplicates). */
  upstreams: string[];
  user?: string;
  group?: string;
  healthcheckFile?: string;
  listenHost: string;
  listenPort: number;
}

function splitHostPort(name: string, value: string): { host: string; port: number } {
  const match = /^(?:(\[[0-9a-f:]+\]|[a-z0-9.-]+):)?(\d{1,5})$/i.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new Error(`${name} must be host:port or a port, got ${JSON.stringify(value)}`);
  return { host: match[1] ?? '127.0.0.1', port };
}

/** Checks the params and fills in the defaults. */
export function resolveParams(params: ProxyConfigParams = {}): ResolvedParams {
  const listen = splitHostPort('listen', params.listen ?? '127.0.0.1:8080');
  const given = params.upstream ?? '127.0.0.1:3000';
  const list: readonly string[] = typeof given === 'string' ? [given] : given;
  if (!Array.isArray(list) || list.length === 0) throw new Error('upstream must be host:port or a non-empty array of them');
  const upstreams = list.map((value, i) => {
    if (typeof value !== 'string') throw new Error(`upstream[${i}] must be host:port or a port, got ${JSON.stringify(value)}`);
    const { host, port } = splitHostPort(typeof given === 'string' ? 'upstream' : `upstream[${i}]`, value);
    return `${host}:${port}`;
  });
  const twice = upstreams.find((address, i) => upstreams.indexOf(address) !== i);
  if (twice) throw new Error(`upstream lists ${twice} twice`);
  const runtimeDir = (params.runtimeDir ?? '/run/nestjs-downloadview').replace(/\/+$/, '');
  for (const [name, dir] of [['runtimeDir', runtimeDir], ['healthcheckFile', params.healthcheckFile]] as const) {
    if (dir !== undefined && !dir.startsWith('/')) throw new Error(`${name} must be an absolute path, got ${JSON.stringify(dir)}`);
  }
  for (const name of ['user', 'group'] as const) {
    const value = params[name];
    if (value !== undefined && !/^[a-z_][a-z0-9_.-]*$/i.test(value)) throw new Error(`${name} is not a user or group name: ${JSON.stringify(value)}`);
  }
  return {
    listen: `${listen.host}:${listen.port}`,
    listenHost: listen.host,
    listenPort: listen.port,
    upstream: upstreams[0],
    upstreams,
    runtimeDir,
    user: params.user,
    group: params.group,
    healthcheckFile: params.healthcheckFile,
    followSymlinks: params.followSymlinks ?? false,
  };
}

/**
 * A path or URL in double quotes, for nginx, Apache, lighttpd and Caddy
 * alike. Characters that one of them would read as syntax or a variable
 * (`"`, `\`, `$`, `{`, `}`, control characters) are refused rather than escaped.
 */
export function quoted(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\\${}\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`cannot write ${JSON.stringify(value)} in a proxy config: it holds ", \\, $, { or } or a control character`);
  }
  return `"${value}"`;
}

/**
 * Response headers no client should see: the offload headers of every
 * server (an absolute path, an internal URL) and the app framework's
 * `X-Powered-By`. Each generator hides those its server would pass on.
 */
export const LEAKY_HEADERS = ['X-Accel-Redirect', 'X-Sendfile', 'X-Sendfile2', 'X-Lighttpd-Send-File', 'X-Powered-By'] as const;
