// The DownloadModule options of an app, in a module of their own so that
// the app (`DownloadModule.forRoot(downloadOptions())`) and
// `nestjs-downloadview proxy-config <server> --options <this file>` read the
// same rules. docs/optimizations/proxy-config.md quotes it.
// docs:start options-file
const { FileSystemStorage } = require('nestjs-downloadview');

const MEDIA = '/srv/media';
const REPORTS = '/srv/reports';
const byUrl = (server) => server === 'nginx' || server === 'caddy';

/** DownloadModule.forRoot() options for the server in front (the CLI passes its name). */
exports.downloadOptions = (server = process.env.DOWNLOAD_PROXY ?? 'nginx') => ({
  storage: new FileSystemStorage({ location: MEDIA, baseUrl: '/media/' }),
  backend: server,
  rules: [
    byUrl(server)
      ? { sourceUrl: '/media/', destinationUrl: '/protected/' }
      : { sourceUrl: '/media/', destinationDir: MEDIA },
  ],
});

/** The rule of the reports controller's @XAccelRedirect() / @XSendfile() decorator. */
exports.routeRules = (server = process.env.DOWNLOAD_PROXY ?? 'nginx') => [
  byUrl(server)
    ? { backend: server, sourceDir: REPORTS, destinationUrl: '/protected-reports/' }
    : { backend: server, sourceDir: REPORTS },
];
// docs:end options-file
