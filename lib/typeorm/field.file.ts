import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { StorageFile } from '../files/storage.file';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { ByteRange, FileStat } from '../interfaces/file-stat.interface';
import type { Storage } from '../interfaces/storage.interface';

/** What an entity's columns may say about its file, on top of FileOptions. */
export interface FieldFileOptions extends FileOptions {
  /** Size in bytes (Content-Length), from `sizeField`. */
  size?: number;
  /** Last modification (Last-Modified, ETag), from `modificationTimeField`. */
  modifiedTime?: Date;
}

/**
 * The file held in an entity's field, with the metadata its other columns
 * keep (django-downloadview's FieldFile plus `*_field` attributes). It is a
 * StorageFile: offload rules match it exactly as they match a StorageFile.
 *
 * The storage is still asked whether the file exists (a missing file is a
 * 404). The size column is trusted while the stored file holds at least that
 * many bytes: a shorter size sends that prefix (e.g. the committed part of a
 * file being appended to); a larger one, which cannot be sent, is ignored
 * with a warning.
 */
export class FieldFile extends StorageFile {
  protected readonly logger = new Logger('ObjectDownload');
  /** Bytes to send when the size column is smaller than the stored file. */
  private prefixLength?: number;

  constructor(
    storage: Storage,
    name: string,
    protected readonly fieldOptions: FieldFileOptions = {},
  ) {
    super(storage, name, fieldOptions);
  }

  protected override async loadStat(): Promise<FileStat | null> {
    const stat = await super.loadStat();
    if (!stat) return null;
    const { size, modifiedTime } = this.fieldOptions;
    if (modifiedTime) stat.modifiedTime = modifiedTime;
    if (size !== undefined && size !== stat.size) {
      if (stat.size !== undefined && size < stat.size && this.seekable) {
        this.prefixLength = size;
        stat.size = size;
        delete stat.etag; // the storage's validator describes the whole file
      } else {
        this.logger.warn(
          `${this.name}: the size column says ${size} bytes, the stored file has ${stat.size}; sending the stored size`,
        );
      }
    }
    return stat;
  }

  override async open(range?: ByteRange): Promise<Readable> {
    if (range || this.prefixLength === undefined) return super.open(range);
    if (this.prefixLength === 0) return Readable.from([], { objectMode: false });
    return super.open({ start: 0, end: this.prefixLength - 1 });
  }
}
