import { BadGatewayException, GatewayTimeoutException } from '@nestjs/common';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream, ReadableStreamDefaultReader } from 'node:stream/web';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { DownloadRequestInfo, FileStat } from '../interfaces/file-stat.interface';
import { DownloadFile } from './download.file';

export interface HttpFileOptions extends FileOptions {
  /** Headers sent to the remote server (e.g. an Authorization of its own). */
  headers?: Record<string, string>;
  /**
   * Milliseconds to wait for the remote answer's headers, then for each chunk
   * of its body (default 30 000): 504 before the first byte of the body, a
   * cut connection after it. A slow origin that keeps sending is waited for.
   */
  timeout?: number;
}

/** Client headers passed on, so the remote server answers ranges and conditions itself. */
const FORWARDED_HEADERS = [
  'range',
  'if-range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'cache-control',
];

/** Remote headers kept in the answer. */
const KEPT_HEADERS = [
  'content-length',
  'content-range',
  'last-modified',
  'etag',
  'accept-ranges',
];

/** Remote statuses passed on as they are; 404 becomes 404, anything else 502. */
const PASSED_STATUSES = new Set([200, 206, 304, 412, 416]);

const DEFAULT_TIMEOUT = 30_000;

/**
 * A remote resource streamed through the application with Node's fetch
 * (django-downloadview's HTTPDownloadView). The client's Range and
 * conditional headers are passed on; remote 404 answers 404, other failures
 * 502, no answer in time 504.
 */
export class HttpFile extends DownloadFile {
  private answer?: Response;

  constructor(
    readonly url: string,
    protected readonly httpOptions: HttpFileOptions = {},
  ) {
    super(url, httpOptions);
  }

  override getUrl(): string {
    return this.url;
  }

  override getDefaultBasename(): string {
    try {
      return decodeURIComponent(path.posix.basename(new URL(this.url).pathname)) || 'download';
    } catch {
      return 'download';
    }
  }

  protected async loadStat(request?: DownloadRequestInfo): Promise<FileStat | null> {
    const answer = await this.fetchAnswer(request);
    if (answer.status === 404 || answer.status === 410) {
      await answer.body?.cancel();
      return null;
    }
    if (!PASSED_STATUSES.has(answer.status)) {
      await answer.body?.cancel();
      throw new BadGatewayException(`Remote server answered ${answer.status}`);
    }
    this.answer = answer;
    // fetch decodes a compressed body but keeps the compressed Content-Length.
    const decoded = answer.headers.has('content-encoding');
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null && !(decoded && name === 'content-length')) headers[name] = value;
    }
    const length = decoded ? null : answer.headers.get('content-length');
    const modified = answer.headers.get('last-modified');
    return {
      size: answer.status === 200 && length !== null ? Number(length) : undefined,
      modifiedTime: modified ? new Date(modified) : undefined,
      etag: answer.headers.get('etag') ?? undefined,
      contentType: answer.headers.get('content-type') ?? undefined,
      upstream: { status: answer.status, headers },
    };
  }

  /** Sends the request; override to add authentication or change the method. */
  protected async fetchAnswer(request?: DownloadRequestInfo): Promise<Response> {
    const headers: Record<string, string> = { ...this.httpOptions.headers };
    // The body is passed on as it is: ask for it uncompressed unless told otherwise.
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding')) {
      headers['accept-encoding'] = 'identity';
    }
    for (const name of FORWARDED_HEADERS) {
      const value = request?.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // fetch adds `Cache-Control: no-cache` to conditional requests, which makes
    // the remote server ignore them; an explicit value keeps them working.
    if (!headers['cache-control'] && FORWARDED_HEADERS.some((h) => h.startsWith('if-') && headers[h])) {
      headers['cache-control'] = 'max-age=0';
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.httpOptions.timeout ?? DEFAULT_TIMEOUT);
    const signal = request?.signal ? AbortSignal.any([timeout.signal, request.signal]) : timeout.signal;
    try {
      return await fetch(this.url, {
        method: request?.method === 'HEAD' ? 'HEAD' : 'GET',
        headers,
        signal,
        redirect: 'follow',
      });
    } catch (err) {
      if (timeout.signal.aborted) throw new GatewayTimeoutException('Remote server did not answer in time');
      if (request?.signal?.aborted) throw err;
      throw new BadGatewayException('Remote server could not be reached');
    } finally {
      clearTimeout(timer);
    }
  }

  async open(): Promise<Readable> {
    const body = this.answer?.body;
    this.answer = undefined;
    if (!body) return Readable.from([]);
    const reader = (body as unknown as WebReadableStream<Uint8Array>).getReader();
    return new RemoteBody(reader, this.httpOptions.timeout ?? DEFAULT_TIMEOUT);
  }

  override async dispose(): Promise<void> {
    const body = this.answer?.body;
    this.answer = undefined;
    if (body && !body.locked) await body.cancel().catch(() => undefined);
  }
}

/**
 * The remote body as a Node stream (what `Readable.fromWeb` does), failing
 * with a 504 when the origin sends nothing for `idle` ms while a chunk is
 * wanted: a stalled origin must not hold the client, the connection to the
 * origin and the request for ever (fetch's own body timeout is 5 minutes).
 * The clock runs only while the stream waits for the origin, not while a
 * slow client applies back-pressure. Destroying it cancels the fetch.
 */
class RemoteBody extends Readable {
  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly idle: number,
  ) {
    super();
  }

  override _read(): void {
    const timer = setTimeout(
      () => this.destroy(new GatewayTimeoutException('Remote server stopped sending the file')),
      this.idle,
    );
    this.reader.read().then(
      ({ done, value }) => {
        clearTimeout(timer);
        if (this.destroyed) return;
        this.push(done ? null : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      },
      (err: Error) => {
        clearTimeout(timer);
        this.destroy(err);
      },
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.reader.cancel(err ?? undefined).catch(() => undefined);
    callback(err);
  }
}
