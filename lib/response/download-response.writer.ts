import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import type { DownloadFile } from '../files/download.file';
import type { PreparedDownload } from './download.response';

/**
 * Writes a prepared download on the raw Node response, the same way on
 * Express and Fastify. The body is piped with back-pressure; an error in
 * the middle destroys the connection (a truncated file never looks
 * complete); a client that goes away closes the file.
 */
export class DownloadResponseWriter {
  protected readonly logger = new Logger('Download');

  async write(
    prepared: PreparedDownload,
    file: DownloadFile,
    req: IncomingMessage,
    res: ServerResponse,
    signal?: AbortSignal,
  ): Promise<void> {
    if (prepared.body === 'none' || req.method === 'HEAD') {
      res.writeHead(prepared.status, prepared.headers);
      res.end();
      return;
    }
    const body = await this.openBody(prepared, file);
    if (res.destroyed || signal?.aborted) {
      body.destroy();
      return;
    }
    res.writeHead(prepared.status, prepared.headers);
    await this.pipe(body, res, signal);
  }

  /** The stream of the whole content, of one range, or of a multipart of ranges. */
  protected async openBody(prepared: PreparedDownload, file: DownloadFile): Promise<Readable> {
    const ranges = prepared.body === 'ranges' ? prepared.ranges : undefined;
    if (!ranges) return file.open();
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

  private pipe(body: Readable, res: ServerResponse, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const onAbort = () => body.destroy();
      signal?.addEventListener('abort', onAbort, { once: true });
      pipeline(body, res, (err) => {
        signal?.removeEventListener('abort', onAbort);
        if (err && !isClientGone(err)) this.logger.error(`Download failed mid-stream: ${err.message}`);
        if (err) res.destroy();
        resolve();
      });
    });
  }
}

function isClientGone(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE';
}
