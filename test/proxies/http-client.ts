import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  method?: string;
  /** Sent exactly as given (Node's global fetch would add Cache-Control to conditional requests). */
  headers?: Record<string, string>;
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
}

/** A response read by {@link rawRequest} or {@link requestSha256}. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Body bytes (empty for {@link requestSha256}, which does not keep them). */
  body: Buffer;
  /** Number of body bytes received. */
  length: number;
  /** sha256 of the body, hex. */
  sha256: string;
}

/** sha256 of bytes, hex. */
export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function send(url: string, options: RawRequestOptions, keepBody: boolean): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        // Path sent verbatim: percent-encode it yourself.
        path: url.slice(url.indexOf('/', url.indexOf('//') + 2)) || '/',
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          length += chunk.length;
          if (keepBody) chunks.push(chunk);
        });
        res.once('error', reject);
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            length,
            sha256: hash.digest('hex'),
          }),
        );
      },
    );
    req.once('timeout', () => req.destroy(new Error(`timeout: ${options.method ?? 'GET'} ${url}`)));
    req.once('error', reject);
    req.end();
  });
}

/**
 * One HTTP/1.1 request on a fresh connection with Node's `http` client; the
 * whole body is kept. The path part of `url` is sent as is.
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return send(url, options, true);
}

/** Like {@link rawRequest} but only hashes the body (for big files). */
export function requestSha256(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return send(url, options, false);
}
