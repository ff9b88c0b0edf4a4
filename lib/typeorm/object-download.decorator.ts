import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Download } from '../decorators/download.decorator';
import { DOWNLOAD_RESOLVER_METADATA } from '../download.constants';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import { OBJECT_DOWNLOAD_METADATA } from './object-download.constants';
import { TypeOrmFiles } from './typeorm-files';
import type { ObjectDownloadOptions } from './object-download-options.interface';

/**
 * Serves the file held in an entity (django-downloadview's
 * ObjectDownloadView): the row is found through its TypeORM repository by a
 * route parameter, `fileField` is served with the metadata kept in the other
 * columns. No row, an empty field or a file missing from the storage answer
 * 404. The handler's body is not used: write `download() {}`.
 *
 * Without `entity`, the handler returns the object itself (found any way it
 * likes) and the same options apply to it.
 *
 * The options are checked when the application starts (the packages, the
 * DataSource, the entity and every named field), in one error.
 *
 * @example
 * @Get('documents/:slug')
 * @ObjectDownload({ entity: Document, lookup: 'slug', basenameField: 'basename' })
 * download() {}
 * @see docs/views/object.md
 */
export function ObjectDownload<T>(options: ObjectDownloadOptions<T> = {}): MethodDecorator {
  const {
    entity: _entity,
    lookup: _lookup,
    lookupParam: _lookupParam,
    where: _where,
    basenameField: _basename,
    mimeTypeField: _mimeType,
    charsetField: _charset,
    encodingField: _encoding,
    modificationTimeField: _modified,
    sizeField: _size,
    dataSource: _dataSource,
    resolver: _resolver,
    ...download
  } = options;
  return applyDecorators(
    SetMetadata(OBJECT_DOWNLOAD_METADATA, options),
    // The TypeORM FileResolver, made by DownloadModule only when a route names it.
    SetMetadata(DOWNLOAD_RESOLVER_METADATA, TypeOrmFiles),
    Download({ fileField: 'file', ...(download as DownloadOptions) }),
  );
}
