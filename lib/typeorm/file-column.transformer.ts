import { DownloadFile } from '../files/download.file';
import { StorageFile } from '../files/storage.file';
import type { Storage } from '../storage/storage.interface';
import type { FileColumnOptions } from './file-column-options.interface';
import { fileStorages } from './file-storage.registry';
import type { ValueTransformerLike } from './typeorm.types';

/**
 * The value transformer of a `@FileColumn()`: a StorageFile (or a name) is
 * written as its storage name, a stored name is read back as a StorageFile.
 * Empty values (null, undefined, `''`) stay empty: never a wrapper of `''`.
 * TypeORM also applies it to `where` values, so `{ file: 'a.txt' }` and
 * `{ file: storageFile }` both work.
 */
export class FileColumnTransformer implements ValueTransformerLike<StorageFile | string, string> {
  constructor(
    /** `Entity.property`, for error messages. */
    readonly column: string,
    private readonly options: Pick<FileColumnOptions, 'storage' | 'nullable'> = {},
  ) {}

  to(value: StorageFile | string | null | undefined): string | null | undefined;
  to(value: unknown): unknown;
  to(value: unknown): unknown {
    if (value === undefined) return undefined;
    if (value === null || value === '') return this.options.nullable === false ? '' : null;
    if (typeof value === 'string') return value;
    if (value instanceof StorageFile) return value.name || (this.options.nullable === false ? '' : null);
    if (value instanceof DownloadFile) {
      throw new TypeError(
        `@FileColumn() ${this.column} stores storage names: assign a StorageFile or a name, got a ${value.constructor.name}`,
      );
    }
    // TypeORM operators (In(), IsNull()...) are passed on as they are.
    return value;
  }

  from(value: string | null | undefined): StorageFile | null {
    if (value === null || value === undefined || value === '') return null;
    return new StorageFile(this.storage(), value);
  }

  /** The storage of the column, or the one bound by the running DownloadModule. */
  storage(): Storage {
    const own = this.options.storage;
    if (own) return typeof own === 'function' ? own() : own;
    const bound = fileStorages.current();
    if (!bound) {
      throw new Error(
        `@FileColumn() ${this.column} was read while no DownloadModule with a storage is running: ` +
          'its files are bound to the storage of DownloadModule.forRoot({ storage }) when the application starts. ' +
          'Read entities after start-up, or give the column its own storage: @FileColumn({ storage }).',
      );
    }
    return bound;
  }
}
