/*
 * The few shapes of TypeORM the library relies on, declared here so that the
 * published typings never import `typeorm`: an application without it still
 * type-checks against `nestjs-downloadview` (as @nestjs/terminus does).
 * TypeORM's own classes satisfy these interfaces.
 */

/** An entity class (or its name), like TypeORM's `EntityTarget`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntityClass<T = any> = (new (...args: any[]) => T) | string;

/** The property names of an entity (any string when the entity is untyped). */
export type FieldOf<T> = Extract<keyof T, string>;

/** A TypeORM `where` for an entity: `{ published: true }`, `{ owner: { id } }`... */
export type ObjectWhere<T = any> = { [K in keyof T]?: unknown } & Record<string, unknown>;

/** What the library reads of a TypeORM column. */
export interface ColumnLike {
  readonly propertyName: string;
  /** A TypeORM column type: `'varchar'`, `'int'`, `'uuid'`, or a constructor (Number, String). */
  readonly type: unknown;
}

/** What the library reads of TypeORM's EntityMetadata. */
export interface EntityMetadataLike {
  readonly name: string;
  readonly primaryColumns: readonly ColumnLike[];
  readonly columns: readonly ColumnLike[];
  readonly target: unknown;
  findColumnWithPropertyPath(propertyPath: string): ColumnLike | undefined;
}

/** What the library uses of TypeORM's Repository. */
export interface ObjectRepository<T = any> {
  readonly metadata: EntityMetadataLike;
  findOne(options: { where: ObjectWhere<T> | ObjectWhere<T>[] }): Promise<T | null>;
}

/** What the library uses of TypeORM's DataSource. */
export interface DataSourceLike {
  readonly isInitialized: boolean;
  readonly options: { readonly type: string };
  hasMetadata(target: EntityClass): boolean;
  getMetadata(target: EntityClass): EntityMetadataLike;
  getRepository<T>(target: EntityClass<T>): ObjectRepository<T>;
}

/** TypeORM's ValueTransformer. */
export interface ValueTransformerLike<Entity, Database> {
  to(value: Entity | undefined | null): Database | undefined | null;
  from(value: Database | undefined | null): Entity | null;
}
