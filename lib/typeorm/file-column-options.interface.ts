import type { Storage } from '../interfaces/storage.interface';

/**
 * Options of `@FileColumn()`. The column is a `varchar` holding the storage
 * name; the other TypeORM column options it accepts are listed here.
 */
export interface FileColumnOptions {
  /**
   * The storage the names refer to: a Storage, or a function answering one
   * (called on each read). Default: the storage of `DownloadModule.forRoot()`.
   */
  storage?: Storage | (() => Storage);
  /** Whether the column accepts NULL (default true). An empty file is stored as NULL, or `''` when false. */
  nullable?: boolean;
  /** Maximum length of a name (default 255). */
  length?: number;
  /** Database column name (default: the property name). */
  name?: string;
  unique?: boolean;
  comment?: string;
  /** Whether queries select the column by default (TypeORM's `select`). */
  select?: boolean;
  /** Whether inserts / updates write the column (TypeORM's `insert` / `update`). */
  insert?: boolean;
  update?: boolean;
}
