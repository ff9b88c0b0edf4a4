import type { OffloadServerName } from '../offload-rule.interface';
import { ApacheBackend } from './apache.backend';
import { CaddyBackend } from './caddy.backend';
import { LighttpdBackend } from './lighttpd.backend';
import { NginxBackend } from './nginx.backend';
import type { OffloadBackend } from './offload-backend.interface';

/** The servers supported out of the box, by the name rules and options use. */
export const OFFLOAD_SERVERS: Readonly<Record<OffloadServerName, new () => OffloadBackend>> = {
  nginx: NginxBackend,
  apache: ApacheBackend,
  lighttpd: LighttpdBackend,
  caddy: CaddyBackend,
};

/** Whether `value` looks like an OffloadBackend implementation. */
export function isOffloadBackend(value: unknown): value is OffloadBackend {
  const candidate = value as Partial<OffloadBackend> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    (candidate.destinationKind === 'url' || candidate.destinationKind === 'dir') &&
    typeof candidate.createResponse === 'function' &&
    typeof candidate.checkRule === 'function'
  );
}

/**
 * The backend for a server name or an OffloadBackend given as it is;
 * undefined for anything else.
 */
export function toOffloadBackend(value: unknown): OffloadBackend | undefined {
  if (typeof value === 'string' && Object.hasOwn(OFFLOAD_SERVERS, value)) {
    return new OFFLOAD_SERVERS[value as OffloadServerName]();
  }
  return isOffloadBackend(value) ? value : undefined;
}

/** `'nginx', 'apache', 'lighttpd', 'caddy'`, for messages. */
export const OFFLOAD_SERVER_LIST = Object.keys(OFFLOAD_SERVERS)
  .map((name) => `'${name}'`)
  .join(', ');
