import type { Storage } from '../storage/storage.interface';

/**
 * The storage `@FileColumn()` columns hydrate into when they have none of
 * their own: the one given to `DownloadModule.forRoot({ storage })`, bound
 * while the application runs. TypeORM fixes a column's transformer when the
 * entity class is defined, long before any module exists, hence this
 * process-wide binding (like Django's `default_storage`).
 *
 * Several applications in one process (tests) bind in turn; the one started
 * last wins until it closes, then the previous one is back.
 */
export class FileStorageRegistry {
  private readonly bindings: { storage: Storage }[] = [];

  /** Binds a storage; answers the function that releases this binding. */
  bind(storage: Storage): () => void {
    const binding = { storage };
    this.bindings.push(binding);
    return () => {
      const index = this.bindings.indexOf(binding);
      if (index >= 0) this.bindings.splice(index, 1);
    };
  }

  /** The storage bound last, if any. */
  current(): Storage | undefined {
    return this.bindings.at(-1)?.storage;
  }
}

/** The process-wide registry filled by DownloadModule at start-up. */
export const fileStorages = new FileStorageRegistry();
