import { join } from 'node:path';
import type { ProxyServerDefinition } from './proxy-server.types';

/** Folder of Debian's Apache modules. */
export const APACHE_MODULES_DIR = '/usr/lib/apache2/modules';

/** Apache httpd 2.4 with mod_proxy_http and mod_xsendfile, offloading with `X-Sendfile`. */
export const apacheServer: ProxyServerDefinition = {
  name: 'apache',
  binary: 'apache2',
  requiredFiles: [
    join(APACHE_MODULES_DIR, 'mod_proxy_http.so'),
    join(APACHE_MODULES_DIR, 'mod_xsendfile.so'),
  ],
  packages: ['apache2', 'libapache2-mod-xsendfile'],
  configName: 'httpd.conf',
  args: (_tmpDir, configPath) => ['-f', configPath, '-DFOREGROUND'],
  writableDirs: [],
  logFiles: ['error.log'],
};
