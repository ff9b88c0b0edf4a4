import type { Readable } from 'node:stream';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { ByteRange, FileStat } from '../interfaces/file-stat.interface';
import type { Storage } from '../interfaces/storage.interface';
import { joinName } from '../utils/confine-path.util';
import { DownloadFile } from './download.file';

/**
 * A file in a storage (django-downloadview's StorageDownloadView). Usually
 * made by `StorageService.file(name)`; a missing file answers 404.
 */
export class StorageFile extends DownloadFile {
  constructor(
    readonly storage: Storage,
    name: string | readonly string[],
    options: FileOptions = {},
  ) {
    super(joinName(name), options);
  }

  override get seekable(): boolean {
    return this.storage.supportsRanges;
  }

  override getUrl(): string | undefined {
    return this.storage.url(this.name);
  }

  override getPath(): string | undefined {
    return this.storage.path(this.name);
  }

  override getLinkRoot(): string | undefined {
    return this.storage.linkRoot;
  }

  protected async loadStat(): Promise<FileStat | null> {
    const stat = await this.storage.stat(this.name);
    return stat && { ...stat };
  }

  open(range?: ByteRange): Promise<Readable> {
    return this.storage.open(this.name, range);
  }
}
