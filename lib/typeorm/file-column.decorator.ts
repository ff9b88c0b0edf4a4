import type { FileColumnOptions } from './file-column-options.interface';
import { FileColumnTransformer } from './file-column.transformer';
import { loadTypeOrm } from './typeorm.loader';

/**
 * A TypeORM column holding a file of a storage (Django's `FileField`): the
 * database keeps the storage name (a nullable `varchar`), the entity gets a
 * `StorageFile` bound to the storage of `DownloadModule.forRoot()` (or the
 * column's own `storage`), ready to be returned from a `@Download()` handler
 * or served by `@ObjectDownload()`. An empty column reads as `null`.
 *
 * To store new content, save it through the storage and assign the result:
 * `doc.file = storage.file(await storage.save('object/a.txt', content))`.
 *
 * typeorm is loaded when the entity class is defined, not when the library is.
 *
 * @example
 * @Entity() class Document {
 *   @PrimaryGeneratedColumn() id: number;
 *   @FileColumn() file: StorageFile | null;
 * }
 * @see docs/views/object.md
 */
export function FileColumn(options: FileColumnOptions = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const { Column } = loadTypeOrm('@FileColumn()');
    const { storage, nullable = true, length = 255, ...column } = options;
    const name = `${target.constructor.name}.${String(propertyKey)}`;
    Column({
      ...column,
      type: 'varchar',
      length,
      nullable,
      transformer: new FileColumnTransformer(name, { storage, nullable }),
    })(target, propertyKey as string);
  };
}
