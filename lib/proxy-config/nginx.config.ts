import type { ProxyConfigParams, ProxyConfigPlan, ProxyLocation } from './proxy-config.interface';
import { LEAKY_HEADERS, quoted, resolveParams } from './proxy-config.util';
import { nginxProxyLinkLocations } from './proxy-links.config';

/**
 * Headers of an S3 answer the client must not see: S3's request ids and
 * object details (`x-amz-meta-*` cannot be named by a pattern in stock nginx:
 * keep no secrets in object metadata), and those the app's answer sets
 * (Content-Type, Content-Disposition, Cache-Control: else the client gets two).
 */
export const OBJECT_STORE_HIDDEN_HEADERS = [
  'Content-Type',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Cache-Control',
  'Expires',
  'Set-Cookie',
  'x-amz-request-id',
  'x-amz-id-2',
  'x-amz-version-id',
  'x-amz-delete-marker',
  'x-amz-expiration',
  'x-amz-restore',
  'x-amz-storage-class',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-bucket-key-enabled',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-customer-key-MD5',
  'x-amz-replication-status',
  'x-amz-website-redirect-location',
  'x-amz-mp-parts-count',
  'x-amz-tagging-count',
  'x-amz-object-lock-mode',
  'x-amz-object-lock-retain-until-date',
  'x-amz-object-lock-legal-hold',
  'x-amz-missing-meta',
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
  'x-amz-checksum-type',
] as const;

/**
 * The app's upstream. One address: kept-alive connections, nothing more.
 * Several (instances of one app, docs/scaling.md): failure counts shared by
 * every worker (`zone`), an instance marked down after one failed attempt
 * for 2 s (`max_fails=1 fail_timeout=2s`; nginx ignores both with a single
 * server), and idle connections closed before Node's 5 s keep-alive timeout
 * can close one under a request.
 */
function appUpstream(upstreams: string[]): string[] {
  if (upstreams.length === 1) {
    return [
      '    # The app, with idle connections kept open (HTTP/1.1, no "Connection: close").',
      '    upstream nestjs_downloadview_app {',
      `        server ${upstreams[0]};`,
      '        keepalive 16;',
      '    }',
      '',
    ];
  }
  return [
    `    # The app's ${upstreams.length} instances, with idle connections kept open (HTTP/1.1, no "Connection: close").`,
    '    upstream nestjs_downloadview_app {',
    '        # Failure counts shared by every nginx worker: an instance marked down',
    '        # is down for all of them at once.',
    '        zone nestjs_downloadview_app 64k;',
    '        # One failed attempt marks an instance down for 2 s; nginx then tries',
    '        # it again with one request and takes it back once it answers.',
    ...upstreams.map((address) => `        server ${address} max_fails=1 fail_timeout=2s;`),
    '        # Idle connections closed by nginx before Node\'s own 5 s keep-alive',
    '        # timeout can close them under a request.',
    '        keepalive 16;',
    '        keepalive_timeout 4s;',
    '    }',
    '',
  ];
}

/** What `location /` adds when the app has several instances: a request that found one gone goes to another. */
const NGINX_FAILOVER = [
  '# A GET (or HEAD) that found an instance gone (refused, reset before',
  '# the answer, no answer in time, 503 while it shuts down) is sent to',
  '# another one. nginx never retries once it has passed bytes to the',
  '# client, nor a POST it has already sent to an instance. One retry',
  '# at most; a dead host is given up after 1 s.',
  'proxy_next_upstream error timeout http_503;',
  'proxy_next_upstream_tries 2;',
  'proxy_connect_timeout 1s;',
] as const;

/** The upstream name of the object store a presigned location proxies. */
const objectStoreUpstream = (index: number) => `nestjs_downloadview_objects_${index}`;

function objectStoreUpstreams(plan: ProxyConfigPlan): string[] {
  const lines: string[] = [];
  plan.locations.forEach((loc, index) => {
    if (!loc.presigned) return;
    const url = new URL(loc.origin!);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    lines.push(
      `    # The object store of ${loc.rules.join(', ')}, with idle connections kept open.`,
      `    upstream ${objectStoreUpstream(index)} {`,
      `        server ${url.hostname}:${port};`,
      '        keepalive 16;',
      '    }',
      '',
    );
  });
  return lines;
}

/** An internal location fetching presigned GETs from an object store (sourceStorage rules). */
function presignedLocation(loc: ProxyLocation, index: number): string[] {
  const url = new URL(loc.origin!);
  const lines = [
    // With a variable, proxy_pass sends the path as it is: the one the store signed.
    `        proxy_pass ${url.protocol}//${objectStoreUpstream(index)}${url.pathname}$1$is_args$args;`,
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        # The presigned URL signs the Host header: the object store\'s own.',
    `        proxy_set_header Host ${quoted(url.host)};`,
    '        proxy_set_header Cookie "";',
    '        proxy_set_header Authorization "";',
    '        proxy_set_header X-Forwarded-For "";',
    '        proxy_set_header X-Forwarded-Proto "";',
    '        # Signed for GET: a HEAD from the client is a GET here, nginx sends no body.',
    '        proxy_method GET;',
  ];
  if (url.protocol === 'https:') {
    lines.push('        proxy_ssl_server_name on;', `        proxy_ssl_name ${url.hostname};`, '        proxy_ssl_verify on;', '        proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;');
  }
  lines.push(
    '        # A missing object (404) or a refused or expired signature (403): a plain 404, never the store\'s XML.',
    '        proxy_intercept_errors on;',
    '        error_page 403 404 =404 @nestjs_downloadview_not_found;',
    "        # The app's Content-Type and Content-Disposition, not the store's; the store's ETag and Last-Modified",
    '        # are kept (the object\'s own validators, as S3Storage streams them); its own headers are hidden.',
    ...OBJECT_STORE_HIDDEN_HEADERS.map((h) => `        proxy_hide_header ${h};`),
  );
  return lines;
}

function location(loc: ProxyLocation, followSymlinks: boolean, index: number): string[] {
  // Object stores: the app sends the signed path encoded once more (nginx decodes it once), a regex captures it.
  const match = loc.presigned ? `~ ^${loc.url!.replace(/\./g, '[.]')}(.*)` : loc.url;
  const lines = [`    # ${loc.rules.join(', ')}`, `    location ${match} {`, '        internal;'];
  if (loc.presigned) {
    lines.push(...presignedLocation(loc, index));
  } else if (loc.origin) {
    lines.push(
      `        proxy_pass ${loc.origin};`,
      '        # Answer Range requests even when the origin ignores them.',
      '        proxy_force_ranges on;',
      '        proxy_set_header Cookie "";',
      '        proxy_set_header Authorization "";',
      '        proxy_hide_header Set-Cookie;',
      "        # Keep the app's Content-Type (else the origin's wins, with the app's charset appended).",
      '        proxy_hide_header Content-Type;',
    );
  } else {
    lines.push(`        alias ${quoted(`${loc.dir}/`)};`);
    if (loc.refuseSymlinks && !followSymlinks) lines.push(`        disable_symlinks on from=${quoted(loc.dir!)};`);
  }
  return [...lines, '    }', ''];
}

/**
 * nginx config for the rules in `plan`: one `internal` location per
 * destinationUrl (an `alias` of its folder with `disable_symlinks`, or a
 * `proxy_pass` to a remote origin), everything else proxied to the app
 * over kept-alive HTTP/1.1 connections (to each of its instances, with
 * failover, when `upstream` lists several). A whole `nginx.conf`; run it with
 * `nginx -c <file> -g 'daemon off;'`.
 */
export function nginxConfig(plan: ProxyConfigPlan, params?: ProxyConfigParams): string {
  const p = resolveParams(params);
  const run = p.runtimeDir;
  const lines = [
    '# nginx, generated by `nestjs-downloadview proxy-config nginx` from the app\'s offload rules.',
    '# The app answers an empty 200 with `X-Accel-Redirect: <location><percent-encoded path>`;',
    "# nginx keeps the app's Content-Type, Content-Disposition, Set-Cookie and Cache-Control",
    '# and answers Range, HEAD and conditional requests itself.',
    '',
    ...(p.user ? [`user ${p.user}${p.group ? ` ${p.group}` : ''};`] : []),
    'worker_processes auto;',
    `pid ${quoted(`${run}/nginx.pid`)};`,
    `error_log ${quoted(`${run}/error.log`)} warn;`,
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
    '',
    'http {',
    '    default_type application/octet-stream;',
    `    access_log ${quoted(`${run}/access.log`)};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${quoted(`${run}/${t}`)};`),
    '    sendfile on;',
    '    tcp_nopush on;',
    '    server_tokens off;',
    '',
    ...appUpstream(p.upstreams),
    ...(plan.locations.some((loc) => loc.presigned)
      ? ["    # Room for the long x-amz-* names the object-store locations hide.", '    proxy_headers_hash_bucket_size 128;', '']
      : []),
    ...objectStoreUpstreams(plan),
    '    server {',
    `        listen ${p.listen};`,
    '',
    '        # Offloaded files: one `internal` location per rule destination (a direct',
    '        # GET is a 404). nginx decodes the header value once and refuses `..`.',
    '        # `disable_symlinks` refuses symbolic links below the folder (403), as the',
    '        # app does when it streams.',
  ];
  plan.locations.forEach((loc, index) => lines.push(...location(loc, p.followSymlinks, index).map((l) => `    ${l}`.trimEnd())));
  lines.push(...nginxProxyLinkLocations(plan.proxyLinks ?? [], p.followSymlinks));
  if (plan.locations.some((loc) => loc.presigned)) {
    lines.push(
      '        # What an object-store location answers for a missing object.',
      '        location @nestjs_downloadview_not_found {',
      '            default_type text/plain;',
      '            return 404 "Not Found\\n";',
      '        }',
      '',
    );
  }
  if (p.healthcheckFile) {
    lines.push(
      '        # Healthcheck (docs/healthchecks.md): nginx alone serves the check file.',
      '        location = /healthcheck-utils/proxy {',
      `            alias ${quoted(p.healthcheckFile)};`,
      '            default_type text/plain;',
      '        }',
      '',
    );
  }
  lines.push(
    '        # Everything else goes to the app.',
    '        location / {',
    '            proxy_pass http://nestjs_downloadview_app;',
    '            proxy_http_version 1.1;',
    '            proxy_set_header Connection "";',
    '            proxy_set_header Host $http_host;',
    '            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '            proxy_set_header X-Forwarded-Proto $scheme;',
    ...(p.upstreams.length > 1 ? NGINX_FAILOVER.map((l) => `            ${l}`) : []),
    '            # Headers no client should see (nginx already keeps X-Accel-* to itself).',
    ...LEAKY_HEADERS.filter((h) => h !== 'X-Accel-Redirect').map((h) => `            proxy_hide_header ${h};`),
    '        }',
    '    }',
    '}',
    '',
  );
  return lines.join('\n');
}
