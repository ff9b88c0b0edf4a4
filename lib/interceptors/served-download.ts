import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { DownloadFile } from '../files/download.file';

/** Why the stream of a ServedDownload is never read. */
const ANSWERED = new Error('nestjs-downloadview: the download was answered already');

/**
 * What DownloadInterceptor hands on once it has answered: a StreamableFile
 * (so that ClassSerializerInterceptor and CacheInterceptor outside leave it
 * alone, and never cache a download in place of its answer) that holds the
 * file it served. Nest has nothing left to send: its stream has failed
 * already, which makes Nest call the error handler, and that does nothing.
 */
export class ServedDownload extends StreamableFile {
  constructor(
    /** The file wrapper that was served. */
    readonly file: DownloadFile,
  ) {
    super(answeredStream());
    this.setErrorHandler(() => undefined);
    this.setErrorLogger(() => undefined);
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
