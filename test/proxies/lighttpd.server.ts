import type { ProxyServerDefinition } from './proxy-server.types';

/** lighttpd 1.4 with mod_proxy, offloading with `X-Sendfile`. */
export const lighttpdServer: ProxyServerDefinition = {
  name: 'lighttpd',
  binary: 'lighttpd',
  requiredFiles: [],
  packages: ['lighttpd'],
  configName: 'lighttpd.conf',
  args: (_tmpDir, configPath) => ['-D', '-f', configPath],
  // lighttpd opens its logs AFTER dropping to server.username, so the temp dir
  // itself must be writable by the worker user; document-root must exist;
  // upload-dirs receives buffered bodies.
  writableDirs: ['.', 'htdocs', 'upload'],
  logFiles: ['error.log'],
};
