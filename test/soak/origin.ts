import fresh from 'fresh';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import rangeParser from 'range-parser';

export const ORIGIN_MODIFIED = 'Wed, 01 Jan 2025 12:00:00 GMT';
export const originEtag = (name: string) => `"origin-${name}"`;

export interface Origin {
  url: string;
  /** Closes the keep-alive connections the app holds to it (before a measure). */
  closeIdle(): void;
  close(): Promise<void>;
}

/**
 * The origin behind the soak's HttpFile routes, on 127.0.0.1: the served
 * files with Range, conditional GET and HEAD, written in 64 KiB slices so
 * that an app that goes away interrupts it.
 */
export async function startOrigin(contents: Map<string, Buffer>): Promise<Origin> {
  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const body = contents.get(name);
    if (!body) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    const headers = {
      'content-type': 'application/octet-stream',
      'last-modified': ORIGIN_MODIFIED,
      etag: originEtag(name),
      'accept-ranges': 'bytes',
    };
    if (fresh(req.headers, headers)) return res.writeHead(304, headers).end();
    let status = 200;
    let slice = body;
    const ranges = req.headers.range ? rangeParser(body.length, req.headers.range) : -2;
    if (ranges === -1) return res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    if (ranges !== -2 && ranges.length === 1) {
      const [{ start, end }] = ranges;
      status = 206;
      slice = body.subarray(start, end + 1);
      res.setHeader('content-range', `bytes ${start}-${end}/${body.length}`);
    }
    res.writeHead(status, { ...headers, 'content-length': slice.length });
    if (req.method === 'HEAD') return res.end();
    let offset = 0;
    const writeMore = () => {
      while (offset < slice.length && !res.destroyed) {
        const part = slice.subarray(offset, offset + 64 * 1024);
        offset += part.length;
        if (!res.write(part)) return void res.once('drain', writeMore);
      }
      if (!res.destroyed) res.end();
    };
    writeMore();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    closeIdle: () => server.closeIdleConnections(),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
