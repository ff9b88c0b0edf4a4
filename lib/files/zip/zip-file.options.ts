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
  /**
   * Recompute the CRC-32 of each member sent whole when the layout is known
   * (every CRC-32 given in the entries or remembered by the `memo`), and cut
   * the connection when it is not the one announced (default `false`).
   *
   * By default that layout is trusted, as a range answer (206) trusts it: the
   * memo keys each CRC-32 by the member's validators (size, modification
   * time, ETag), the same trust as an ETag and If-Range. A member whose bytes
   * changed while its validators did not (or a wrong CRC-32 given) is then
   * sent as it is now, under the old CRC-32: the archive is complete, and
   * tools report that member's CRC error when they extract it. Turn this on
   * when files may change in place without a new size or modification time
   * (or your CRC-32 may be wrong): it costs the sending thread one CRC-32 pass
   * over every byte sent whole (zlib's, a few GB/s, yet about half again the
   * CPU of sending the archive). A range answer (206) never rechecks.
   * Sizes are always checked: a member that gives fewer or more bytes than
   * its size cuts the connection either way.
   */
  verifyCrc32?: boolean;
  /** Modification time of members that report none (default 1980-01-01, the earliest ZIP time). */
  modifiedTime?: Date;
}
