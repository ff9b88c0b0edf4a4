import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { DownloadFile } from '../files/download.file';

/** Why the stream of a ServedDownload is never read. */
const ANSWERED = new Error('nestjs-downloadview: the download was answered already');

/** Stands in for the stream StreamableFile wants up front: most answers never need one. */
const NOT_MADE = { pipe: () => undefined } as unknown as Readable;

/**
 * What DownloadInterceptor hands on once it has answered: a StreamableFile
 * (so that ClassSerializerInterceptor and CacheInterceptor outside leave it
 * alone, and never cache a download in place of its answer) that holds the
 * file it served. Nest has nothing left to send: asked for its stream (on a
 * route without `@Download()`, which Nest answers itself), it gets one that
 * has failed already, which makes Nest call the error handler, and that
 * does nothing.
 */
export class ServedDownload extends StreamableFile {
  private answered?: Readable;

  constructor(
    /** The file wrapper that was served. */
    readonly file: DownloadFile,
  ) {
    super(NOT_MADE);
    this.setErrorHandler(() => undefined);
    this.setErrorLogger(() => undefined);
  }

  override getStream(): Readable {
    return (this.answered ??= answeredStream());
  }

  override getHeaders() {
    return { type: undefined as unknown as string, disposition: undefined, length: undefined };
  }
}

function answeredStream(): Readable {
  const stream = new Readable({ read() {} });
  stream.on('error', () => undefined);
  stream.destroy(ANSWERED);
  return stream;
}
