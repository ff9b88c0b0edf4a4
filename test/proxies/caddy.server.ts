import { join } from 'node:path';
import type { ProxyServerDefinition } from './proxy-server.types';

/** Caddy 2 (Debian's caddy 2.6.2), offloading with `X-Accel-Redirect` through `handle_response`. */
export const caddyServer: ProxyServerDefinition = {
  name: 'caddy',
  binary: 'caddy',
  requiredFiles: [],
  packages: ['caddy'],
  configName: 'Caddyfile',
  args: (_tmpDir, configPath) => ['run', '--config', configPath, '--adapter', 'caddyfile'],
  // `caddy run` writes autosave.json and more under these, never under the real $HOME.
  env: (tmpDir) => ({
    HOME: join(tmpDir, 'home'),
    XDG_CONFIG_HOME: join(tmpDir, 'config'),
    XDG_DATA_HOME: join(tmpDir, 'data'),
  }),
  writableDirs: ['home', 'config', 'data'],
  // Caddy logs to stderr, which the harness keeps.
  logFiles: [],
};
