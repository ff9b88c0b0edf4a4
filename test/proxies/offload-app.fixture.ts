import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import { offloadHeaderFor } from './offload-header';
import { PROXY_NAMES, type ProxyName } from './proxy-server.types';

/** A request the app received (to check what the proxy forwarded). */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The fixture app started by {@link startOffloadApp}. */
export interface OffloadApp {
  port: number;
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Query parameters of `/offload/...` that change the app's answer. */
export interface OffloadQuery {
  /** Content-Type (default application/octet-stream). */
  type?: string;
  /** Content-Disposition; `none` sends none (default: attachment with filename*). */
  disposition?: string;
  /** An ETag for the app to send. */
  etag?: string;
  /** Exact header value to send instead of the computed one (base64url of its bytes). */
  value?: string;
}

/** `/offload/<proxy>/<dirKey>/<path>` with each segment percent-encoded, plus the query. */
export function offloadPath(name: ProxyName, dirKey: string, relativePath: string, query: OffloadQuery = {}): string {
  const path = [name, dirKey, ...relativePath.split('/')].map(encodeURIComponent).join('/');
  const search = new URLSearchParams(query as Record<string, string>).toString();
  return `/offload/${path}${search ? `?${search}` : ''}`;
}

/** base64url of a header value's bytes, for {@link OffloadQuery.value}. */
export function headerValueParam(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A plain Node `http` app (no Nest) on a free 127.0.0.1 port, standing for the
 * app behind the proxy:
 * - `GET|HEAD /offload/<proxy>/<dirKey>/<path>`: an empty 200 with the offload
 *   header that proxy needs (see offloadHeaderFor), Content-Type and
 *   Content-Disposition; it ignores the forwarded Range and If-* headers, as an
 *   offloading app must;
 * - `GET /origin/<path>`: streams `dirs.files/<path>` itself (a remote origin);
 * - `GET /hello`: a plain answer from the app;
 * - anything else: 404.
 */
export async function startOffloadApp(dirs: Readonly<Record<string, string>>): Promise<OffloadApp> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://app');
    let segments: string[];
    try {
      segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      res.statusCode = 400;
      res.end('bad path\n');
      return;
    }
    const [route, name, dirKey, ...rest] = segments;
    if (route === 'hello') {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('hello from the app\n');
    } else if (route === 'offload' && PROXY_NAMES.includes(name as ProxyName) && dirs[dirKey]) {
      const relativePath = rest.join('/');
      const header = offloadHeaderFor(name as ProxyName, dirs, dirKey, relativePath);
      const raw = url.searchParams.get('value');
      res.setHeader(header.name, raw === null ? header.value : Buffer.from(raw, 'base64url').toString('latin1'));
      res.setHeader('Content-Type', url.searchParams.get('type') ?? 'application/octet-stream');
      const disposition = url.searchParams.get('disposition');
      if (disposition !== 'none') {
        const basename = posix.basename(relativePath);
        res.setHeader('Content-Disposition', disposition ?? `attachment; filename*=UTF-8''${encodeURIComponent(basename)}`);
      }
      const etag = url.searchParams.get('etag');
      if (etag) res.setHeader('ETag', etag);
      res.end();
    } else if (route === 'origin' && segments.length > 1 && !segments.includes('..')) {
      // An origin that ignores Range: always the whole file, with its length.
      const path = join(dirs.files, ...segments.slice(1));
      stat(path).then(
        (st) => {
          res.setHeader('Content-Type', 'application/x-origin');
          res.setHeader('Content-Length', st.size);
          createReadStream(path).pipe(res);
        },
        () => {
          res.statusCode = 404;
          res.end('no such file at the origin\n');
        },
      );
    } else {
      res.statusCode = 404;
      res.end('not found by the app\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
