import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DownloadFile } from '../files/download.file';
import { StorageFile } from '../files/storage.file';
import type { DownloadContext } from '../views/download-context.interface';
import type { Storage } from '../interfaces/storage.interface';
import { StorageService } from '../storage/storage.service';
import { FieldFile } from './field.file';
import { readFieldMetadata } from './field-metadata.util';
import { isDataError, toLookupValue } from './lookup-value.util';
import type { ObjectDownloadOptions } from './object-download-options.interface';
import { dataSourceToken } from './typeorm.loader';
import type { ColumnLike, DataSourceLike, ObjectRepository, ObjectWhere } from './typeorm.types';
import { isUnbound } from './unbound.storage';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObject = Record<string, any>;

/**
 * Finds the object of an `@ObjectDownload()` route and the file it holds
 * (django-downloadview's ObjectDownloadView with SingleObjectMixin). Each
 * step is a protected method: subclass it, register the subclass as a
 * provider and name it in `@ObjectDownload({ resolver })` to change one.
 *
 * @example
 * @Injectable() class OwnDocuments extends ObjectDownloadResolver {
 *   protected override async getWhere(params, request, options) {
 *     const where = await super.getWhere(params, request, options);
 *     return where && { ...where, owner: { id: request.user.id } };
 *   }
 * }
 */
@Injectable()
export class ObjectDownloadResolver {
  protected readonly logger = new Logger('ObjectDownload');
  private readonly dataSources = new Map<string, DataSourceLike>();

  constructor(protected readonly moduleRef: ModuleRef) {}

  /** The file to serve, or null (404): no object, an empty file field. */
  async resolve(result: unknown, options: ObjectDownloadOptions, download: DownloadContext): Promise<DownloadFile | null> {
    const object = options.entity ? await this.getObject(options, download) : result;
    if (object === null || object === undefined) return null;
    if (typeof object !== 'object') throw new TypeError(`An @ObjectDownload() handler must return an object, got ${typeof object}`);
    return this.getFile(object as AnyObject, options);
  }

  /** Looks the object up from the request's route parameters. */
  protected async getObject(options: ObjectDownloadOptions, download: DownloadContext): Promise<unknown> {
    const request = download.execution.switchToHttp().getRequest<{ params?: Record<string, unknown> }>();
    const where = await this.getWhere(request.params ?? {}, request, options);
    return where ? this.findObject(where, options) : null;
  }

  /**
   * The `where` finding the object: the `where` option (or what its function
   * answers for the request) with the lookup column set to the route
   * parameter. `null` (404) when the parameter cannot match any row, or when
   * the `where` holds an `undefined` value, which TypeORM would ignore.
   */
  protected async getWhere(
    params: Record<string, unknown>,
    request: unknown,
    options: ObjectDownloadOptions,
  ): Promise<ObjectWhere | ObjectWhere[] | null> {
    const column = this.getLookupColumn(options);
    const value = toLookupValue(column, params[options.lookupParam ?? column.propertyName], this.getDataSource(options).options.type);
    if (value === undefined) return null;
    const narrower = typeof options.where === 'function' ? await options.where(request) : (options.where ?? {});
    // TypeORM skips `undefined` values: `{ owner: user?.id }` without a user would match every row.
    if (hasUndefined(narrower)) return null;
    const key = { [column.propertyName]: value };
    return Array.isArray(narrower) ? narrower.map((where) => ({ ...where, ...key })) : { ...narrower, ...key };
  }

  /** Runs the query; a value the database refuses (PostgreSQL data exception) finds nothing. */
  protected async findObject(where: ObjectWhere | ObjectWhere[], options: ObjectDownloadOptions): Promise<unknown> {
    try {
      return await this.getRepository(options).findOne({ where });
    } catch (err) {
      if (isDataError(err)) return null;
      throw err;
    }
  }

  /**
   * The file of the object, with the metadata of its other columns: null when
   * the field is empty. The field holds a StorageFile (`@FileColumn()`) or a
   * storage name (served from the module's storage).
   */
  protected getFile(object: AnyObject, options: ObjectDownloadOptions): DownloadFile | null {
    const field = options.fileField ?? 'file';
    const value: unknown = object[field];
    if (value === null || value === undefined || value === '') return null;
    const problems: string[] = [];
    const metadata = readFieldMetadata(object, options, problems);
    if (problems.length) this.logger.warn(`Ignoring metadata columns of ${describe(object)}: ${problems.join('; ')}`);
    if (typeof value === 'string') return new FieldFile(this.moduleStorage(), value, metadata);
    if (value instanceof StorageFile) {
      if (!value.name) return null;
      // Read through a DataSource the application did not bind (a `listeners: false` query...): this route's application knows its storage.
      const storage = isUnbound(value.storage) ? this.moduleStorage() : value.storage;
      return new FieldFile(storage, value.name, {
        basename: value.getBasename(),
        mimetype: value.getMimeType(),
        charset: value.getCharset(),
        encoding: value.getEncoding(),
        ...metadata,
      });
    }
    if (value instanceof DownloadFile) {
      if (Object.keys(metadata).length === 0) return value;
      throw new TypeError(`${describe(object)}.${field}: metadata columns apply to a StorageFile or a storage name, got a ${value.constructor.name}`);
    }
    throw new TypeError(`${describe(object)}.${field} must hold a StorageFile or a storage name, got ${typeof value}`);
  }

  /** The storage of the application's DownloadModule. */
  protected moduleStorage(): Storage {
    return this.moduleRef.get(StorageService, { strict: false }).storage;
  }

  /** The column matched against the route parameter: `lookup`, else the single primary key. */
  protected getLookupColumn(options: ObjectDownloadOptions): ColumnLike {
    const metadata = this.getRepository(options).metadata;
    if (options.lookup) {
      const column = metadata.findColumnWithPropertyPath(options.lookup);
      if (!column) throw new Error(`${metadata.name} has no column "${options.lookup}" (lookup)`);
      return column;
    }
    if (metadata.primaryColumns.length !== 1) {
      throw new Error(`${metadata.name} has ${metadata.primaryColumns.length} primary columns: set \`lookup\``);
    }
    return metadata.primaryColumns[0];
  }

  /** The repository of the entity. */
  protected getRepository(options: ObjectDownloadOptions): ObjectRepository {
    return this.getDataSource(options).getRepository(options.entity!);
  }

  /** The TypeORM DataSource registered by `TypeOrmModule.forRoot()` (the named one with `dataSource`). */
  protected getDataSource(options: ObjectDownloadOptions): DataSourceLike {
    const name = options.dataSource ?? 'default';
    let dataSource = this.dataSources.get(name);
    if (!dataSource) {
      dataSource = this.moduleRef.get(dataSourceToken(options.dataSource) as string, { strict: false }) as DataSourceLike;
      this.dataSources.set(name, dataSource);
    }
    return dataSource;
  }

  /**
   * Start-up checks of one route's options, as messages (none when fine):
   * the entity is known to the DataSource, the lookup and the named fields exist.
   */
  validate(options: ObjectDownloadOptions): string[] {
    if (!options.entity) return [];
    let dataSource: DataSourceLike;
    try {
      dataSource = this.getDataSource(options);
    } catch (err) {
      const name = options.dataSource ? `the "${options.dataSource}" TypeORM DataSource` : 'a TypeORM DataSource';
      return [`${name} is not registered: import TypeOrmModule.forRoot() from @nestjs/typeorm (${(err as Error).message})`];
    }
    if (!dataSource.isInitialized) return [];
    const entityName = typeof options.entity === 'string' ? options.entity : options.entity.name;
    if (!dataSource.hasMetadata(options.entity)) {
      return [`entity ${entityName} is not in the DataSource: add it to TypeOrmModule.forRoot({ entities })`];
    }
    const problems: string[] = [];
    try {
      this.getLookupColumn(options);
    } catch (err) {
      problems.push((err as Error).message);
    }
    const metadata = dataSource.getMetadata(options.entity);
    const prototype = typeof metadata.target === 'function' ? (metadata.target as { prototype: object }).prototype : {};
    for (const key of FIELD_OPTIONS) {
      const field = options[key] ?? (key === 'fileField' ? 'file' : undefined);
      if (field === undefined) continue;
      if (!metadata.findColumnWithPropertyPath(field) && !(field in prototype)) {
        problems.push(`${metadata.name} has no column or property "${field}" (${key})`);
      }
    }
    return problems;
  }
}

const FIELD_OPTIONS = [
  'fileField',
  'basenameField',
  'mimeTypeField',
  'charsetField',
  'encodingField',
  'modificationTimeField',
  'sizeField',
] as const;

/** Whether a `where` (plain objects and arrays, not TypeORM operators) holds an `undefined` value. */
function hasUndefined(where: unknown): boolean {
  if (where === undefined) return true;
  if (Array.isArray(where)) return where.some(hasUndefined);
  if (where === null || typeof where !== 'object' || Object.getPrototypeOf(where) !== Object.prototype) return false;
  return Object.values(where).some(hasUndefined);
}

function describe(object: object): string {
  return object.constructor?.name ?? 'object';
}
