import type { DownloadFile } from '../download.file';
import type { FileOptions } from '../../interfaces/file-options.interface';
import type { ZipLayoutMemo } from './zip-layout.memo';

/** One member of a ZipFile: a file wrapper and its name inside the archive. */
export interface ZipEntry {
  /** Any file wrapper: PathFile, StorageFile, HttpFile, VirtualFile, your own. */
  file: DownloadFile;
  /**
   * The member's name inside the archive; folders allowed (`reports/2025.csv`).
   * Made safe: no absolute path, no `..`, `/` for `\`, duplicates numbered.
   */
  name: string;
  /** Deflate this member (default: the archive's `compress`, itself `false`: stored). */
  compress?: boolean;
  /**
   * The member's CRC-32, when the caller knows it: with every member's CRC-32
   * known (given or remembered), the archive answers Range, If-Range and 304.
   */
  crc32?: number;
}

/** Options of a ZipFile: the archive's own (as of any wrapper) and how it is built. */
export interface ZipFileOptions extends FileOptions {
  /** The archive's name: its basename is what the client sees by default (e.g. `photos.zip`). */
  name: string;
  /** Deflate every member (default `false`: stored, which gives Content-Length and ranges). */
  compress?: boolean;
  /** A member missing before the first byte: `fail` answers 404 (default), `skip` leaves it out. */
  missing?: 'fail' | 'skip';
  /**
   * Remembers each member's CRC-32 after a full pass, keyed by its validators
   * (name, size, modification time, ETag), so later requests know the whole
   * layout. Give one memo per app (a provider), not one per request.
   */
  memo?: ZipLayoutMemo;
  /** Modification time of members that report none (default 1980-01-01, the earliest ZIP time). */
  modifiedTime?: Date;
}
