import type { Readable } from 'node:stream';
import type { ByteRange } from './file-stat.interface';

/** What a storage knows about one of its files. */
export interface StorageStat {
  size: number;
  modifiedTime?: Date;
  /** A validator the storage computes itself (an object store's ETag). */
  etag?: string;
  contentType?: string;
}

/** Content a storage can save. */
export type StorageContent =
  | Buffer
  | Uint8Array
  | string
  | Readable
  | AsyncIterable<Buffer | Uint8Array | string>;

/** One level of a storage's folder tree. */
export interface StorageListing {
  directories: string[];
  files: string[];
}

/**
 * Where files live (Django's Storage API). Names are relative, `/`-separated;
 * an implementation refuses names that would leave it, answering "not found".
 * Implement it to serve from S3 or any other place.
 */
export interface Storage {
  /** Whether `open()` honours a byte range by seeking. */
  readonly supportsRanges: boolean;
  exists(name: string): Promise<boolean>;
  /** `null` when the file does not exist (or the name is refused). */
  stat(name: string): Promise<StorageStat | null>;
  /** Opens the file, or an inclusive byte range of it. */
  open(name: string, range?: ByteRange): Promise<Readable>;
  /** A URL the file is known under (`baseUrl` + name), when the storage has one. */
  url(name: string): string | undefined;
  /** The absolute local path, for storages on this machine's disk. */
  path(name: string): string | undefined;
  /**
   * For storages on this machine's disk that refuse symbolic links leading
   * out of their folder: that folder. An offloaded answer then refuses
   * them too (404) before it names the file to the proxy.
   */
  readonly linkRoot?: string;
  /** Saves content under `name` and answers the name it was saved under. */
  save(name: string, content: StorageContent): Promise<string>;
  delete(name: string): Promise<void>;
  /** Lists one folder (`''` for the top). */
  list(directory?: string): Promise<StorageListing>;
}
