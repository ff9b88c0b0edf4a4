import type { Readable } from 'node:stream';
import type { Storage, StorageListing, StorageStat } from '../interfaces/storage.interface';

/**
 * The storage a `@FileColumn()` without a storage of its own reads its files
 * into: a placeholder until the application owning the DataSource binds them
 * to the storage of its DownloadModule (see file-column.binding.ts). Using it
 * (stat, open, url...) fails with an error saying how to fix it: the entity
 * was read through a DataSource that no running application binds.
 */
export class UnboundStorage implements Storage {
  readonly supportsRanges = false;

  constructor(
    /** `Entity.property`, for the error message. */
    readonly column: string,
  ) {}

  /** The error every use answers. */
  error(): Error {
    return new Error(
      `@FileColumn() ${this.column} was read while no DownloadModule with a storage is running for its DataSource: ` +
        'each application binds the file columns of its own DataSources to the storage of DownloadModule.forRoot({ storage }) while it runs ' +
        '(by itself when it has an @ObjectDownload() route, otherwise with DownloadModule.forRoot({ storage, resolvers: [TypeOrmFiles] })). ' +
        "Read entities through the application's DataSource after start-up, or give the column its own storage: @FileColumn({ storage }).",
    );
  }

  exists(): Promise<boolean> {
    return Promise.reject(this.error());
  }

  stat(): Promise<StorageStat | null> {
    return Promise.reject(this.error());
  }

  open(): Promise<Readable> {
    return Promise.reject(this.error());
  }

  url(): string | undefined {
    throw this.error();
  }

  path(): string | undefined {
    throw this.error();
  }

  save(): Promise<string> {
    return Promise.reject(this.error());
  }

  delete(): Promise<void> {
    return Promise.reject(this.error());
  }

  list(): Promise<StorageListing> {
    return Promise.reject(this.error());
  }
}

/** Whether a storage is the placeholder of a `@FileColumn()` not bound yet. */
export function isUnbound(storage: Storage): storage is UnboundStorage {
  return storage instanceof UnboundStorage;
}
