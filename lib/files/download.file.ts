import { StreamableFile } from '@nestjs/common';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import * as mime from 'mime-types';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { ByteRange, DownloadRequestInfo, FileStat } from '../interfaces/file-stat.interface';
import { lazyReadable } from '../utils/lazy-readable.util';

/** Stands in for the stream StreamableFile wants up front: wrappers open late. */
const NOT_OPENED = { pipe: () => undefined } as unknown as Readable;

/**
 * Base of every file wrapper (django-downloadview's `django.core.files.File`
 * wrappers): it describes a file without loading it. Nothing is opened or
 * read before `open()`; `stat()` is memoised, so one request looks once.
 *
 * It extends Nest's StreamableFile so that ClassSerializerInterceptor and
 * CacheInterceptor leave it alone, and so that an app without the global
 * DownloadInterceptor (`globalInterceptor: false`) still streams it from a
 * route without `@Download()` (Nest's plain handling: no Range, no offload).
 *
 * Subclasses implement `loadStat()` and `open()`, and may override the small
 * `get*()` hooks.
 */
export abstract class DownloadFile extends StreamableFile {
  private statOnce?: Promise<FileStat | null>;
  private fallbackStream?: Readable;

  protected constructor(
    /** The name as the application knows it: a path, a storage name, a URL. */
    readonly name: string,
    protected readonly fileOptions: FileOptions = {},
  ) {
    super(NOT_OPENED);
  }

  /** Whether `open()` can start at any byte (enables Range and Accept-Ranges). */
  get seekable(): boolean {
    return false;
  }

  /**
   * Looks at the content once per wrapper: `null` when it does not exist.
   * `request` lets a remote source answer conditional and Range headers itself.
   */
  stat(request?: DownloadRequestInfo): Promise<FileStat | null> {
    this.statOnce ??= this.loadStat(request);
    return this.statOnce;
  }

  /** Size in bytes once `stat()` has run, when known. */
  async getSize(): Promise<number | undefined> {
    return (await this.stat())?.size;
  }

  /** Modification time once `stat()` has run, when known. */
  async getModifiedTime(): Promise<Date | undefined> {
    return (await this.stat())?.modifiedTime;
  }

  /** The name given to the client, when the wrapper was told one. */
  getBasename(): string | undefined {
    return this.fileOptions.basename;
  }

  /** The basename derived from the name, used when nothing else names the file. */
  getDefaultBasename(): string {
    return path.posix.basename(this.name) || 'download';
  }

  /** MIME type the wrapper was told, if any. */
  getMimeType(): string | undefined {
    return this.fileOptions.mimetype;
  }

  /** Content-Encoding the wrapper was told, if any. */
  getEncoding(): string | undefined {
    return this.fileOptions.encoding;
  }

  /** Charset the wrapper was told, if any. */
  getCharset(): string | undefined {
    return this.fileOptions.charset;
  }

  /** Whether the wrapper was told to be saved (`true`) or shown inline (`false`), if it was. */
  getAttachment(): boolean | undefined {
    return this.fileOptions.attachment;
  }

  /** A URL of the file, when it has one (storage files, remote files). */
  getUrl(): string | undefined {
    return undefined;
  }

  /** The absolute local path, when the file is on this machine's disk. */
  getPath(): string | undefined {
    return undefined;
  }

  /**
   * The folder that symbolic links must not lead out of (a PathFile's
   * `root`, a FileSystemStorage's `location`), or undefined when the
   * wrapper does not refuse links. An offloaded answer honours it too.
   */
  getLinkRoot(): string | undefined {
    return undefined;
  }

  /** Releases anything `stat()` holds (e.g. a remote answer that was not read). */
  async dispose(): Promise<void> {
    // Nothing to release by default.
  }

  /** Fetches what `stat()` answers. */
  protected abstract loadStat(request?: DownloadRequestInfo): Promise<FileStat | null>;

  /** Opens the content, or the given inclusive byte range of it when `seekable`. */
  abstract open(range?: ByteRange): Promise<Readable>;

  /** For Nest's own StreamableFile handling: a stream that opens on first read. */
  override getStream(): Readable {
    this.fallbackStream ??= lazyReadable(() => this.open());
    return this.fallbackStream;
  }

  /** For Nest's own StreamableFile handling (handlers without `@Download()`). */
  override getHeaders() {
    const basename = this.getBasename() ?? this.getDefaultBasename();
    return {
      type: this.getMimeType() ?? (mime.lookup(basename) || 'application/octet-stream'),
      disposition: undefined,
      length: undefined,
    };
  }
}
