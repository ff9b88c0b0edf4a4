import type { OffloadServerName } from '../optimizations/offload-rule.interface';
import { apacheConfig } from './apache.config';
import { caddyConfig } from './caddy.config';
import { lighttpdConfig } from './lighttpd.config';
import { nginxConfig } from './nginx.config';
import type { ProxyConfigParams, ProxyConfigPlan, ProxyConfigSource } from './proxy-config.interface';
import { planProxyConfig } from './proxy-config.plan';

/** The config generator of each built-in server: plan and params in, config text out. */
export const PROXY_CONFIG_GENERATORS: Readonly<
  Record<OffloadServerName, (plan: ProxyConfigPlan, params?: ProxyConfigParams) => string>
> = {
  nginx: nginxConfig,
  apache: apacheConfig,
  lighttpd: lighttpdConfig,
  caddy: caddyConfig,
};

/**
 * The whole config `server` needs to serve what the app's offload rules
 * hand it: internal locations or X-Sendfile folders per rule, symbolic
 * links refused where the server can, the headers it must not pass on,
 * and kept-alive connections to the app. What `npx nestjs-downloadview
 * proxy-config <server>` prints. Throws when a rule is invalid or its
 * folder cannot be known.
 *
 * @example
 * generateProxyConfig('nginx', { options: { backend: 'nginx', storage, rules } }, { listen: '8080', upstream: '127.0.0.1:3000' });
 *
 * @see docs/optimizations/proxy-config.md
 */
export function generateProxyConfig(
  server: OffloadServerName,
  source: ProxyConfigSource,
  params?: ProxyConfigParams,
): string {
  if (!Object.hasOwn(PROXY_CONFIG_GENERATORS, server)) {
    throw new Error(`no config generator for ${JSON.stringify(server)}: ${Object.keys(PROXY_CONFIG_GENERATORS).join(', ')}`);
  }
  return PROXY_CONFIG_GENERATORS[server](planProxyConfig(server, source), params);
}
