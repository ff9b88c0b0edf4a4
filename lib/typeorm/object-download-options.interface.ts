import type { Type } from '@nestjs/common';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import type { DownloadFile } from '../files/download.file';
import type { DownloadContext } from '../views/download-context.interface';
import type { EntityClass, FieldOf, ObjectWhere } from './typeorm.types';

/** A `where` narrowing the lookup, or a function of the request answering one. */
export type ObjectDownloadWhere<T> =
  | ObjectWhere<T>
  | ObjectWhere<T>[]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  | ((request: any) => ObjectWhere<T> | ObjectWhere<T>[] | Promise<ObjectWhere<T> | ObjectWhere<T>[]>);

/**
 * Options of `@ObjectDownload()` (django-downloadview's ObjectDownloadView
 * attributes), plus every `@Download()` option (attachment, basename,
 * cacheControl, offload...). Column values win over the decorator's values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ObjectDownloadOptions<T = any> extends DownloadOptions {
  /**
   * The entity looked up through its TypeORM repository. Without it, the
   * handler finds the object itself and returns it (null answers 404).
   */
  entity?: EntityClass<T>;
  /** The column matched against the route parameter (default: the primary key). */
  lookup?: FieldOf<T>;
  /** The route parameter holding the lookup value (default: `lookup`). */
  lookupParam?: string;
  /**
   * Narrows the lookup (SingleObjectMixin's `queryset`): only published rows,
   * only the current user's. Merged with the lookup; a row outside it is a 404.
   */
  where?: ObjectDownloadWhere<T>;
  /** The property holding the file: a StorageFile (`@FileColumn()`) or a storage name (default `file`). */
  fileField?: FieldOf<T>;
  /** The property holding the name the client sees (Content-Disposition). */
  basenameField?: FieldOf<T>;
  /** The property holding the MIME type (Content-Type). */
  mimeTypeField?: FieldOf<T>;
  /** The property holding the charset of a text file (Content-Type's charset). */
  charsetField?: FieldOf<T>;
  /** The property holding the Content-Encoding of the stored bytes (e.g. `gzip`). */
  encodingField?: FieldOf<T>;
  /** The property holding the modification time (Last-Modified, ETag). */
  modificationTimeField?: FieldOf<T>;
  /** The property holding the size in bytes (Content-Length). */
  sizeField?: FieldOf<T>;
  /** Name of the TypeORM data source (`TypeOrmModule.forRoot({ name })`); default: the default one. */
  dataSource?: string;
  /** A subclass of ObjectDownloadResolver overriding a step of the lookup. */
  resolver?: Type<ObjectLookup>;
}

/** What an `@ObjectDownload()` route's lookup class does (ObjectDownloadResolver and its subclasses). */
export interface ObjectLookup {
  /** The file to serve, or null (404). */
  resolve(result: unknown, options: ObjectDownloadOptions, download: DownloadContext): Promise<DownloadFile | null>;
  /** Problems with the route's options, for the start-up error. */
  validate(options: ObjectDownloadOptions): string[];
}
