import { DownloadFile } from '../files/download.file';
import { StorageFile } from '../files/storage.file';
import type { Storage } from '../interfaces/storage.interface';
import type { FileColumnOptions } from './file-column-options.interface';
import type { ValueTransformerLike } from './typeorm.types';
import { UnboundStorage } from './unbound.storage';

/**
 * The value transformer of a `@FileColumn()`: a StorageFile (or a name) is
 * written as its storage name, a stored name is read back as a StorageFile.
 * Empty values (null, undefined, `''`) stay empty: never a wrapper of `''`.
 * TypeORM also applies it to `where` values, so `{ file: 'a.txt' }` and
 * `{ file: storageFile }` both work.
 *
 * A transformer is shared by every DataSource of the process and never knows
 * which one reads: a column without a storage of its own reads into an
 * `UnboundStorage`, which the application owning the DataSource
 * replaces with its module's storage right after the load (file-column.binding.ts).
 */
export class FileColumnTransformer implements ValueTransformerLike<StorageFile | string, string> {
  /** The placeholder of a column without a storage of its own, until an application binds it. */
  private readonly unbound: UnboundStorage;

  constructor(
    /** `Entity.property`, for error messages. */
    readonly column: string,
    private readonly options: Pick<FileColumnOptions, 'storage' | 'nullable'> = {},
  ) {
    this.unbound = new UnboundStorage(column);
  }

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

  /**
   * The storage of the column (its own, called on each read when a
   * function); without one, the placeholder that the application owning the
   * DataSource replaces with its module's storage.
   */
  storage(): Storage {
    const own = this.options.storage;
    if (own) return typeof own === 'function' ? own() : own;
    return this.unbound;
  }
}
