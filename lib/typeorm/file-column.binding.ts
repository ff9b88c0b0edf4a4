import type { ModulesContainer } from '@nestjs/core';
import { StorageFile } from '../files/storage.file';
import type { Storage } from '../interfaces/storage.interface';
import { loadTypeOrm, isInstalled } from './typeorm.loader';
import { isUnbound } from './unbound.storage';

/** What the binding reads of a TypeORM column. */
interface BindableColumn {
  getEntityValue(entity: object): unknown;
  setEntityValue(entity: object, value: unknown): void;
}

/** What the binding reads of TypeORM's EntityMetadata. */
interface BindableMetadata {
  readonly columns: readonly BindableColumn[];
}

/** What the binding uses of a TypeORM DataSource: its (mutable) list of subscribers. */
export interface SubscribedDataSource {
  readonly subscribers: object[];
}

/**
 * The TypeORM subscriber that gives the `@FileColumn()` files of every
 * entity loaded through one DataSource the storage of the application that
 * owns it: TypeORM calls a column's transformer without saying which
 * DataSource reads, so the transformer reads into an UnboundStorage and this
 * swaps in the storage right after the load (before other subscribers, after
 * the entity's own `@AfterLoad()` methods). One per DataSource, while at
 * least one application binds it; when several do (a DataSource shared by
 * two applications), the one bound last wins until it is released.
 */
export class FileColumnSubscriber {
  private readonly storages: Storage[] = [];

  /** Binds a storage; answers the function that releases exactly this binding. */
  bind(storage: Storage): () => void {
    const binding = [storage];
    this.storages.push(storage);
    return () => {
      if (!binding.length) return;
      binding.length = 0;
      this.storages.splice(this.storages.lastIndexOf(storage), 1);
    };
  }

  /** Whether no application binds this DataSource any more. */
  get idle(): boolean {
    return this.storages.length === 0;
  }

  /** TypeORM's afterLoad: rebinds the placeholder files of the entity. */
  afterLoad(entity: object, event?: { metadata?: BindableMetadata }): void {
    const storage = this.storages.at(-1);
    if (!storage || !event?.metadata) return;
    for (const column of event.metadata.columns) {
      const value = column.getEntityValue(entity);
      if (value instanceof StorageFile && isUnbound(value.storage)) {
        column.setEntityValue(entity, new StorageFile(storage, value.name));
      }
    }
  }
}

/**
 * Binds the `@FileColumn()` files read through `dataSource` to `storage`
 * (a subscriber added to the DataSource); answers the function that
 * releases the binding, removing the subscriber once none is left.
 */
export function bindFileColumns(dataSource: SubscribedDataSource, storage: Storage): () => void {
  let subscriber = dataSource.subscribers.find((s): s is FileColumnSubscriber => s instanceof FileColumnSubscriber);
  if (!subscriber) {
    subscriber = new FileColumnSubscriber();
    dataSource.subscribers.unshift(subscriber);
  }
  const owner = subscriber;
  const release = owner.bind(storage);
  return () => {
    release();
    const index = dataSource.subscribers.indexOf(owner);
    if (owner.idle && index >= 0) dataSource.subscribers.splice(index, 1);
  };
}

/**
 * Every TypeORM DataSource the application provides (`TypeOrmModule.forRoot()`,
 * named ones, any provider answering one), found in its own modules: never
 * another application's. Loads no TypeORM when it is not installed.
 */
export function applicationDataSources(modules: ModulesContainer): Set<SubscribedDataSource> {
  const found = new Set<SubscribedDataSource>();
  if (!isInstalled('typeorm')) return found;
  const { DataSource } = loadTypeOrm('@FileColumn()');
  for (const module of modules.values()) {
    for (const wrapper of module.providers.values()) {
      if (wrapper.isTransient || !wrapper.isDependencyTreeStatic()) continue;
      const instance: unknown = wrapper.instance;
      if (instance instanceof DataSource) found.add(instance as unknown as SubscribedDataSource);
    }
  }
  return found;
}
