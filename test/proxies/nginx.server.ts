import { join } from 'node:path';
import type { ProxyServerDefinition } from './proxy-server.types';

/** The `internal` locations the harness's rules give its folders, by folder key (nginx and Caddy). */
export const NGINX_LOCATIONS: Readonly<Record<string, string>> = {
  files: '/protected/',
  reports: '/protected-reports/',
};

/** nginx (Debian nginx-light), offloading with `X-Accel-Redirect`. */
export const nginxServer: ProxyServerDefinition = {
  name: 'nginx',
  binary: 'nginx',
  requiredFiles: [],
  packages: ['nginx-light'],
  configName: 'nginx.conf',
  // -e: errors before the config is read go to the temp dir too (nginx >= 1.19.5).
  args: (tmpDir, configPath) => [
    '-p', tmpDir, '-c', configPath, '-e', join(tmpDir, 'error.log'), '-g', 'daemon off;',
  ],
  // nginx creates and chowns its own *_temp_path folders.
  writableDirs: [],
  logFiles: ['error.log'],
};
