import etag from 'etag';
import { Readable } from 'node:stream';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { ByteRange, FileStat } from '../interfaces/file-stat.interface';
import { DownloadFile } from './download.file';

/** Content a VirtualFile can carry: in memory, or produced while it is sent. */
export type VirtualContent =
  | Buffer
  | Uint8Array
  | string
  | Readable
  | ReadableStream<Uint8Array>
  | Iterable<Buffer | Uint8Array | string>
  | AsyncIterable<Buffer | Uint8Array | string>;

export interface VirtualFileOptions extends FileOptions {
  /** The file's name: its basename is what the client sees by default. */
  name: string;
  /** Size in bytes of streamed content, when known (then sent as Content-Length). */
  size?: number;
  /** Sent as Last-Modified. */
  modifiedTime?: Date;
}

/**
 * Content that is not a file (django-downloadview's VirtualDownloadView):
 * a Buffer or string (size known, Range supported), or a stream, iterable or
 * async generator whose chunks are sent as they are produced, never collected.
 *
 * @example
 * new VirtualFile(generateLines(), { name: 'report.csv' })
 */
export class VirtualFile extends DownloadFile {
  private readonly buffer?: Buffer;

  constructor(
    private readonly content: VirtualContent,
    protected readonly virtualOptions: VirtualFileOptions,
  ) {
    super(virtualOptions?.name, virtualOptions);
    if (!virtualOptions || typeof virtualOptions.name !== 'string') {
      throw new TypeError('VirtualFile needs a `name` option');
    }
    if (typeof content === 'string') this.buffer = Buffer.from(content, 'utf8');
    else if (content instanceof Uint8Array) {
      this.buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    }
  }

  override get seekable(): boolean {
    return this.buffer !== undefined;
  }

  protected async loadStat(): Promise<FileStat> {
    if (this.buffer) {
      return {
        size: this.buffer.length,
        modifiedTime: this.virtualOptions.modifiedTime,
        etag: this.virtualOptions.modifiedTime ? undefined : etag(this.buffer),
      };
    }
    return { size: this.virtualOptions.size, modifiedTime: this.virtualOptions.modifiedTime };
  }

  async open(range?: ByteRange): Promise<Readable> {
    if (this.buffer) {
      const bytes = range ? this.buffer.subarray(range.start, range.end + 1) : this.buffer;
      return Readable.from([bytes], { objectMode: false });
    }
    const content = this.content;
    if (content instanceof Readable) return content;
    if (isWebStream(content)) {
      return Readable.fromWeb(content as Parameters<typeof Readable.fromWeb>[0]);
    }
    return Readable.from(content as Iterable<Buffer>, { objectMode: false });
  }
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream)?.getReader === 'function';
}
