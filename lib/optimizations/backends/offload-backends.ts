import type { OffloadServerName } from '../offload-rule.interface';
import { ApacheBackend } from './apache.backend';
import { CaddyBackend } from './caddy.backend';
import { LighttpdBackend } from './lighttpd.backend';
import { NginxBackend } from './nginx.backend';
import type { OffloadBackend } from './offload-backend.interface';
import { RedirectBackend } from './redirect.backend';

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
    (candidate.destinationKind === 'url' || candidate.destinationKind === 'dir' || candidate.destinationKind === 'redirect') &&
    typeof candidate.createResponse === 'function' &&
    typeof candidate.checkRule === 'function'
  );
}

/**
 * The backend for a server name, `'redirect'`, or an OffloadBackend given as
 * it is; undefined for anything else.
 */
export function toOffloadBackend(value: unknown): OffloadBackend | undefined {
  if (typeof value === 'string' && Object.hasOwn(OFFLOAD_SERVERS, value)) {
    return new OFFLOAD_SERVERS[value as OffloadServerName]();
  }
  if (value === 'redirect') return new RedirectBackend();
  return isOffloadBackend(value) ? value : undefined;
}

/** `'nginx', 'apache', 'lighttpd', 'caddy', 'redirect'`, for messages. */
export const OFFLOAD_SERVER_LIST = [...Object.keys(OFFLOAD_SERVERS), 'redirect']
  .map((name) => `'${name}'`)
  .join(', ');
