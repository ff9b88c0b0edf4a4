import { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { DownloadFile } from '../files/download.file';
import type { HttpExchange } from '../utils/http-exchange';
import { type BodyPump, pumpFile, untouchedBodyPump, untouchedLocalFile, writesNatively } from '../utils/file-pump.util';
import type { PreparedDownload } from './download.response';

/**
 * Writes every answer of the library on the raw Node response, the same way
 * on Express and Fastify: the streamed download and the offloaded one. The
 * body is piped with back-pressure; an error in the middle destroys the
 * connection (a truncated file never looks complete); a client that goes
 * away closes the file.
 */
export class DownloadResponseWriter {
  protected readonly logger = new Logger('Download');

  /**
   * Writes a prepared download. The response is taken over from the adapter
   * right before the head is written: a file that cannot be opened fails
   * before it, so Nest can still answer the error.
   */
  async write(prepared: PreparedDownload, file: DownloadFile, http: HttpExchange, signal?: AbortSignal): Promise<void> {
    const { req, res } = http;
    if (prepared.body === 'none' || req.method === 'HEAD') {
      http.takeOver();
      res.writeHead(prepared.status, prepared.headers);
      res.end();
      return;
    }
    const body = await this.openBody(prepared, file);
    // Content that is produced (a generator, a remote body) may fail before its first
    // byte: waiting for it lets that failure still get an error status, not a cut 200.
    if (!file.seekable) await firstChunkOf(body);
    http.takeOver();
    if (res.destroyed || signal?.aborted) {
      body.destroy();
      return;
    }
    res.writeHead(prepared.status, prepared.headers);
    await this.pipe(body, res, signal);
  }

  /** Writes the empty answer that tells the reverse proxy to send the file (a ProxiedDownloadResponse). */
  writeProxied(proxied: { write(res: ServerResponse): void }, http: HttpExchange): void {
    http.takeOver();
    proxied.write(http.res);
  }

  /** The stream of the whole content, of one range, or of a multipart of ranges. */
  protected async openBody(prepared: PreparedDownload, file: DownloadFile): Promise<Readable> {
    const ranges = prepared.body === 'ranges' ? prepared.ranges : undefined;
    if (!ranges) {
      // A seekable file's whole content is read as the range 0..size-1: reads stop at
      // the announced Content-Length (a file grown since stat() cannot overrun it), and
      // each read buffer is sized to what is left instead of a whole highWaterMark
      // (a 13 B file otherwise costs two 256 KiB buffers and a second read).
      const size = Number(prepared.headers['content-length']);
      return file.seekable && size > 0 ? file.open({ start: 0, end: size - 1 }) : file.open();
    }
    if (!prepared.multipart) return file.open(ranges[0]);
    // Several ranges: the first is opened now so that a missing file fails
    // before the headers; the others are opened one after another.
    const first = await file.open(ranges[0]);
    const parts = prepared.multipart.partHeaders;
    async function* multipart() {
      for (let index = 0; index < ranges!.length; index++) {
        yield Buffer.from(parts[index]);
        yield* index === 0 ? first : await file.open(ranges![index]);
      }
      yield Buffer.from(parts[ranges!.length]);
    }
    const stream = Readable.from(multipart(), { objectMode: false });
    stream.once('close', () => first.destroy());
    return stream;
  }

  /**
   * `body.pipe(res)` with the ends handled by hand: `stream.pipeline()` costs an
   * AbortController and a DOMException per call, a tenth of a small download.
   * An error or a client gone destroys both sides; the promise never rejects.
   */
  private async pipe(body: Readable, res: ServerResponse, signal?: AbortSignal): Promise<void> {
    const native = writesNatively(res);
    const local = native ? untouchedLocalFile(body) : undefined;
    // A local file nobody else reads: sent through two reused buffers (see pumpFile); a body that writes itself likewise.
    const pump: BodyPump | undefined = local ? (to, abort) => pumpFile(local, to, abort) : native ? untouchedBodyPump(body) : undefined;
    if (pump) {
      const err = await pump(res, signal);
      if (err && !isClientGone(err)) this.logger.error(`Download failed mid-stream: ${err.message}`);
      body.once('error', () => undefined); // closing the file, nothing left to report
      body.destroy();
      return;
    }
    return new Promise((resolve) => {
      let over = false;
      const finish = (err?: NodeJS.ErrnoException) => {
        if (over) return;
        over = true;
        signal?.removeEventListener('abort', onAbort);
        body.off('error', finish);
        res.off('error', finish);
        res.off('finish', onFinish);
        res.off('close', onClose);
        if (err) {
          if (!isClientGone(err)) this.logger.error(`Download failed mid-stream: ${err.message}`);
          body.unpipe(res);
          body.destroy();
          res.destroy();
        }
        resolve();
      };
      const onFinish = () => finish();
      const onClose = () => finish(res.writableFinished ? undefined : prematureClose());
      const onAbort = () => finish(prematureClose());
      signal?.addEventListener('abort', onAbort, { once: true });
      body.once('error', finish);
      res.once('error', finish);
      res.once('finish', onFinish);
      res.once('close', onClose);
      body.pipe(res);
    });
  }
}

/**
 * Resolves once `body` has data buffered or has ended; rejects (and destroys
 * it) when it fails first. The chunk stays in the stream for the pipe.
 */
function firstChunkOf(body: Readable): Promise<void> {
  if (body.readableLength > 0 || body.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      body.off('readable', onReadable);
      body.off('error', settle);
      if (!err) return resolve();
      body.destroy();
      reject(err);
    };
    const onReadable = () => settle();
    body.once('readable', onReadable);
    body.once('error', settle);
  });
}

function prematureClose(): NodeJS.ErrnoException {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

function isClientGone(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE';
}
