import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';

/** One request's answer: status, headers, body length and sha256. */
export interface ProbeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
}

/**
 * One GET, read to the end and hashed: proves a server answers what the
 * load tool will count (a fast 404 would otherwise look like a fast server).
 */
export function probe(url: string, headers: Record<string, string> = {}): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, sha256: hash.digest('hex') }));
      res.once('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url} in 60 s`)));
    req.once('error', reject);
    req.end();
  });
}
