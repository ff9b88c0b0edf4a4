export type { ProxyConfigParams, ProxyConfigPlan, ProxyConfigSource, ProxyLocation } from './proxy-config.interface';
export { planProxyConfig } from './proxy-config.plan';
export { routeRulesOf } from './route-rules.util';
export { generateProxyConfig, PROXY_CONFIG_GENERATORS } from './proxy-config.generator';
export { nginxConfig } from './nginx.config';
export { apacheConfig } from './apache.config';
export { lighttpdConfig } from './lighttpd.config';
export { caddyConfig } from './caddy.config';
export { lighttpdProxyLinkScript, lighttpdProxyLinkScriptPath } from './proxy-links.config';
