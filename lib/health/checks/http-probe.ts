import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a GET answered. */
export interface ProbeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Body bytes received. */
  length: number;
  /** sha256 of the body, hex. */
  sha256: string;
}

/** Joins a base URL and a path: `http://h:1/` + `/a%20b` → `http://h:1/a%20b`. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

/**
 * One GET on a fresh connection, with no compression and no redirects
 * followed, hashing the body as it streams. Rejects with a readable message
 * when the server cannot be reached or does not answer in time.
 */
export function probe(url: string, timeoutMs: number): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`not a URL: ${url}`));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      { method: 'GET', agent: false, headers: { 'accept-encoding': 'identity', 'user-agent': 'nestjs-downloadview-healthcheck' } },
      (res) => {
        const hash = createHash('sha256');
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          length += chunk.length;
        });
        res.once('error', (err) => reject(new Error(`${url}: ${err.message}`)));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, length, sha256: hash.digest('hex') }),
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'ECONNREFUSED' ? `connection refused at ${target.host}` : err.message)),
    );
    req.end();
  });
}

/** An offload header value as the proxy reads it (Apache's raw UTF-8 arrives as latin1). */
export function readableHeader(value: string): string {
  return /[\u0080-\u00ff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}
