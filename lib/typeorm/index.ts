export { FileColumn } from './file-column.decorator';
export type { FileColumnOptions } from './file-column-options.interface';
export { FileColumnTransformer } from './file-column.transformer';
export { FieldFile, type FieldFileOptions } from './field.file';
export { ObjectDownload } from './object-download.decorator';
export type { ObjectDownloadOptions, ObjectDownloadWhere, ObjectLookup } from './object-download-options.interface';
export { ObjectDownloadResolver } from './object-download.resolver';
export { TypeOrmFiles } from './typeorm-files';
export type {
  ColumnLike,
  DataSourceLike,
  EntityClass,
  EntityMetadataLike,
  FieldOf,
  ObjectRepository,
  ObjectWhere,
} from './typeorm.types';
