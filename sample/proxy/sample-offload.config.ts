import { join } from 'node:path';
import { FileSystemStorage, generateProxyConfig, type OffloadRule, routeRulesOf } from 'nestjs-downloadview';
import { ApacheController } from '../apache/apache.controller';
import { CaddyController } from '../caddy/caddy.controller';
import { CADDY_MEDIA_DIR } from '../caddy/caddy.storage';
import { CHECK_FILE } from '../health/health.constants';
import { LighttpdController } from '../lighttpd/lighttpd.controller';
import { NginxController } from '../nginx/nginx.controller';
import { NGINX_MEDIA_DIR } from '../nginx/nginx.storage';
import { MEDIA_ROOT } from '../sample.paths';

/** The servers the sample can run behind (`npm run start:<server>`). */
export type SampleProxy = 'nginx' | 'apache' | 'lighttpd' | 'caddy';

export const SAMPLE_PROXIES: readonly SampleProxy[] = ['nginx', 'apache', 'lighttpd', 'caddy'];

// docs:start rules
/**
 * The rules AppModule gives DownloadModule.forRoot() (django's
 * DOWNLOADVIEW_RULES), for the server in front: SAMPLE_PROXY, which
 * `npm run start:<server>` sets. Every file under /media/ (the storage's
 * baseUrl) is then sent by that server; with none, the app streams them.
 */
export function sampleOffloadRules(proxy = process.env.SAMPLE_PROXY): OffloadRule[] {
  switch (proxy) {
    case 'nginx':
      return [{ backend: 'nginx', sourceUrl: '/media/', destinationUrl: '/protected/' }];
    case 'apache':
      return [{ backend: 'apache', sourceUrl: '/media/', destinationDir: MEDIA_ROOT }];
    case 'lighttpd':
      return [{ backend: 'lighttpd', sourceUrl: '/media/', destinationDir: MEDIA_ROOT }];
    case 'caddy':
      return [{ backend: 'caddy', sourceUrl: '/media/', destinationUrl: '/protected/' }];
    case undefined:
    case '':
      return [];
    default:
      throw new Error(`SAMPLE_PROXY must be ${SAMPLE_PROXIES.join(', ')} or empty, got ${JSON.stringify(proxy)}`);
  }
}
// docs:end rules

/**
 * The folders the server's generated config maps: for nginx and Caddy,
 * /protected/ is MEDIA_ROOT and /protected-reports/ (the decorator's
 * location) media/nginx/ or media/caddy/; for Apache and lighttpd, the folder
 * X-Sendfile may read from.
 */
export function sampleProxyDirs(server: SampleProxy): { files: string; reports?: string } {
  if (server === 'nginx') return { files: MEDIA_ROOT, reports: NGINX_MEDIA_DIR };
  if (server === 'caddy') return { files: MEDIA_ROOT, reports: CADDY_MEDIA_DIR };
  return { files: MEDIA_ROOT };
}

/** Where the server runs: its port, the app's, its temp dir and workers' user. */
export interface SampleProxyRun {
  port: number;
  appPort: number;
  tmpDir: string;
  user: string;
  group: string;
}

/**
 * The config of the server in front, generated from the sample's own rules:
 * AppModule's (sampleOffloadRules()) and those of the server's controller
 * decorators, read from the decorators (routeRulesOf()).
 */
export function sampleProxyConfig(server: SampleProxy, run: SampleProxyRun): string {
  const controllers = { nginx: NginxController, apache: ApacheController, lighttpd: LighttpdController, caddy: CaddyController };
  return generateProxyConfig(
    server,
    {
      options: {
        storage: new FileSystemStorage({ location: MEDIA_ROOT, baseUrl: '/media/' }),
        backend: server,
        rules: sampleOffloadRules(server),
      },
      routeRules: routeRulesOf(controllers[server]),
    },
    {
      listen: `127.0.0.1:${run.port}`,
      upstream: `127.0.0.1:${run.appPort}`,
      runtimeDir: run.tmpDir,
      user: run.user,
      group: run.group,
      healthcheckFile: join(MEDIA_ROOT, CHECK_FILE),
    },
  );
}
