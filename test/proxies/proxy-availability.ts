import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { apacheServer } from './apache.server';
import { caddyServer } from './caddy.server';
import { lighttpdServer } from './lighttpd.server';
import { nginxServer } from './nginx.server';
import type { ProxyName, ProxyServerDefinition } from './proxy-server.types';

/** Definitions of the servers, by name. */
export const PROXY_SERVERS: Readonly<Record<ProxyName, ProxyServerDefinition>> = {
  nginx: nginxServer,
  apache: apacheServer,
  lighttpd: lighttpdServer,
  caddy: caddyServer,
};

/** Absolute path of a server's executable, or undefined when it is not installed. */
export function findProxyBinary(name: ProxyName): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, PROXY_SERVERS[name].binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** What is missing to run a server (binary, modules), empty when it can run. */
export function missingProxyParts(name: ProxyName): string[] {
  const def = PROXY_SERVERS[name];
  const missing = findProxyBinary(name) ? [] : [`${def.binary} binary`];
  return [...missing, ...def.requiredFiles.filter((f) => !existsSync(f))];
}

/** True when the server's binary (and the modules it needs) are installed. */
export function proxyAvailable(name: ProxyName): boolean {
  return missingProxyParts(name).length === 0;
}
