import { Readable } from 'node:stream';
import { DownloadFile, type ByteRange, type FileStat } from 'nestjs-downloadview';

/** A seekable in-memory file whose validators the test chooses (any ETag, any Last-Modified, or none). */
export class MemoryFile extends DownloadFile {
  constructor(
    private readonly content: Buffer,
    private readonly validators: { etag?: string; modifiedTime?: Date },
    name = 'data.bin',
  ) {
    super(name);
  }

  override get seekable(): boolean {
    return true;
  }

  protected async loadStat(): Promise<FileStat> {
    return { size: this.content.length, etag: this.validators.etag, modifiedTime: this.validators.modifiedTime };
  }

  async open(range?: ByteRange): Promise<Readable> {
    const bytes = range ? this.content.subarray(range.start, range.end + 1) : this.content;
    return Readable.from([bytes], { objectMode: false });
  }
}
