import * as http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Whether the body ended normally (false: the connection was cut). */
  complete: boolean;
  /** The client-side error when the connection was cut. */
  error?: Error;
}

export interface RawOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  /** Destroy the request once this many body bytes arrived (a client that goes away). */
  abortAfter?: number;
}

/**
 * One request with node:http, the path sent exactly as given (no client-side
 * normalisation of `..` or percent-encoding), on a fresh connection.
 */
export function rawRequest(baseUrl: string, path: string, options: RawOptions = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: hostname,
      port,
      path,
      method: options.method ?? 'GET',
      headers: { connection: 'close', ...options.headers },
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const answer = (complete: boolean, error?: Error) =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), complete, error });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (options.abortAfter !== undefined && received >= options.abortAfter) {
          req.destroy();
          answer(false);
        }
      });
      res.on('end', () => answer(res.complete));
      res.on('error', (err) => answer(false, err));
      res.on('close', () => answer(res.complete));
    });
    req.end();
  });
}
