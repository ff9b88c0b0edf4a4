import { generateProxyConfig, type ProxyConfigParams, type ProxyConfigSource } from 'nestjs-downloadview';
import type { ProxyName, ProxyRun } from './proxy-server.types';

/**
 * `startProxy()`'s `config` for the config the library generates from
 * `source` (the rules), with this run's port, app port, temp dir and worker
 * user; `params` adds the rest (`healthcheckFile`, `followSymlinks`).
 *
 * @example
 * await startProxy('nginx', { appPort, dirs: { files }, config: generatedConfig('nginx', { options: { backend: 'nginx', rules } }) });
 */
export function generatedConfig(
  server: ProxyName,
  source: ProxyConfigSource,
  params: Omit<ProxyConfigParams, 'listen' | 'upstream' | 'runtimeDir' | 'user' | 'group'> = {},
): (run: ProxyRun) => string {
  return (run) =>
    generateProxyConfig(server, source, {
      listen: `127.0.0.1:${run.port}`,
      upstream: `127.0.0.1:${run.appPort}`,
      runtimeDir: run.tmpDir,
      user: run.user,
      group: run.group,
      ...params,
    });
}

/** nginx: test-only locations go right before the generated catch-all that proxies to the app. */
export const NGINX_CATCH_ALL = '        # Everything else goes to the app.';

/**
 * `config` with test-only nginx `locations` (server-block lines) inserted
 * before the generated catch-all: the rest is the generator's, untouched.
 */
export function withNginxLocations(config: (run: ProxyRun) => string, locations: (run: ProxyRun) => string[]): (run: ProxyRun) => string {
  return (run) => {
    const generated = config(run);
    if (!generated.includes(NGINX_CATCH_ALL)) throw new Error('the generated nginx config has no catch-all location to put the test ones before');
    return generated.replace(NGINX_CATCH_ALL, [...locations(run), '', NGINX_CATCH_ALL].join('\n'));
  };
}
