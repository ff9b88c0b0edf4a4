import fresh from 'fresh';
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import rangeParser from 'range-parser';
import { gzipSync } from 'node:zlib';

export const REMOTE_TEXT = 'Hello from the remote server\n';
export const REMOTE_MODIFIED = 'Wed, 01 Jan 2025 12:00:00 GMT';
export const REMOTE_ETAG = '"remote-v1"';

export interface RemoteServer {
  url: string;
  big: Buffer;
  /** Headers of the last request each path received. */
  seen: Map<string, http.IncomingHttpHeaders & { method?: string }>;
  /** Paths whose answer was cut because the client (the app) went away. */
  clientGone: Set<string>;
  close(): Promise<void>;
}

/**
 * The origin HttpFile downloads from, on 127.0.0.1: a file honouring Range
 * and conditional headers, a big binary, 404/410/500 answers, one that never
 * answers, one that gzips whatever was asked, ones that die before and in
 * the middle of their body.
 */
export async function startRemoteServer(): Promise<RemoteServer> {
  const big = randomBytes(2 * 1024 * 1024);
  const seen = new Map<string, http.IncomingHttpHeaders & { method?: string }>();
  const clientGone = new Set<string>();
  const hanging = new Set<http.ServerResponse>();

  const serveFile = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, type: string) => {
    const headers = { 'content-type': type, 'last-modified': REMOTE_MODIFIED, etag: REMOTE_ETAG, 'accept-ranges': 'bytes' };
    if (fresh(req.headers, headers)) {
      res.writeHead(304, headers).end();
      return;
    }
    const ranges = req.headers.range ? rangeParser(body.length, req.headers.range) : -2;
    if (ranges === -1) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    if (ranges !== -2 && ranges.length === 1) {
      const [{ start, end }] = ranges;
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end - start + 1 });
      res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': body.length });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.on('close', () => {
      if (!res.writableFinished) clientGone.add(req.url!);
    });
    // Written in slices so that a client that goes away interrupts it.
    let offset = 0;
    const writeMore = () => {
      while (offset < body.length) {
        const slice = body.subarray(offset, offset + 64 * 1024);
        offset += slice.length;
        if (!res.write(slice)) {
          res.once('drain', writeMore);
          return;
        }
      }
      res.end();
    };
    writeMore();
  };

  const server = http.createServer((req, res) => {
    seen.set(req.url!, { ...req.headers, method: req.method });
    switch (req.url) {
      case '/files/hello.txt':
        return serveFile(req, res, Buffer.from(REMOTE_TEXT), 'text/plain; charset=iso-8859-1');
      case '/files/big.bin':
        return serveFile(req, res, big, 'application/octet-stream');
      case '/files/r%C3%A9sum%C3%A9%20final.pdf':
        return serveFile(req, res, Buffer.from('%PDF'), 'application/pdf');
      case '/files/redirect':
        return res.writeHead(302, { location: '/files/hello.txt' }).end();
      case '/files/gone':
        return res.writeHead(410).end('gone');
      case '/files/broken':
        return res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error details');
      case '/files/teapot':
        return res.writeHead(418).end();
      case '/files/hang':
        hanging.add(res);
        return; // never answers
      case '/files/gzipped.txt': {
        const body = gzipSync(Buffer.from(REMOTE_TEXT.repeat(50)));
        return res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
      }
      case '/files/endless.bin': {
        // Chunked, never ending: only a client that goes away stops it.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const writeMore = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', writeMore);
        };
        res.on('close', () => clientGone.add(req.url!));
        return writeMore();
      }
      case '/files/dies-before-body':
        // Headers out, then the connection dies before any byte of the body.
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': big.length });
        res.flushHeaders();
        setTimeout(() => res.destroy(), 20);
        return;
      case '/files/dies-mid-body':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': big.length });
        res.write(big.subarray(0, 100_000));
        setImmediate(() => res.destroy());
        return;
      default:
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    big,
    seen,
    clientGone,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback port nothing listens on (bound once, then released). */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
