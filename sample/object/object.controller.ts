import { Controller, Get, Param } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Download, ObjectDownload } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { Document } from './document.entity';
import { OwnDocumentsResolver } from './own-documents.resolver';

/** Files held by TypeORM entities (django-downloadview's ObjectDownloadView). */
@Controller('object')
export class ObjectController {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}

  // docs:start default-file
  /** The `file` of the Document found by slug. */
  @Get('default-file/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug' })
  @Example('/object/default-file/hello-world', "the Document's file, found by slug")
  defaultFile() {}
  // docs:end default-file

  // docs:start another-file
  /** Another file field of the same entity. */
  @Get('another-file/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', fileField: 'anotherFile' })
  @Example('/object/another-file/hello-world', 'its anotherFile')
  anotherFile() {}
  // docs:end another-file

  // docs:start deserialized-basename
  /** The client-side name comes from the `basename` column. */
  @Get('deserialized-basename/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', basenameField: 'basename' })
  @Example('/object/deserialized-basename/hello-world', 'named after the basename column (greeting.txt)')
  deserializedBasename() {}
  // docs:end deserialized-basename

  // docs:start inline-file
  /** Shown in the browser rather than saved. */
  @Get('inline-file/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', attachment: false })
  @Example('/object/inline-file/hello-world', 'the same file, inline')
  inlineFile() {}
  // docs:end inline-file

  // docs:start by-id
  /** Found by primary key: the default lookup. */
  @Get('by-id/:id')
  @ObjectDownload({ entity: Document })
  @Example('/object/by-id/1', 'the Document with id 1')
  byId() {}
  // docs:end by-id

  // docs:start lookup-param
  /** The route parameter is `name`, the column is `slug`. */
  @Get('by-name/:name')
  @ObjectDownload({ entity: Document, lookup: 'slug', lookupParam: 'name' })
  @Example('/object/by-name/hello-world', 'found by slug from the :name parameter')
  byName() {}
  // docs:end lookup-param

  // docs:start metadata
  /** Every header from the row's columns (set by an upload, say). */
  @Get('metadata/:slug')
  @ObjectDownload({
    entity: Document,
    lookup: 'slug',
    basenameField: 'basename',
    mimeTypeField: 'mimeType',
    charsetField: 'charset',
    encodingField: 'encoding',
    modificationTimeField: 'modifiedAt',
    sizeField: 'size',
  })
  @Example('/object/metadata/cities', 'Content-Type, Last-Modified and Content-Length from the columns')
  metadata() {}
  // docs:end metadata

  // docs:start where
  /** Drafts are not published: a 404, as if the row did not exist. */
  @Get('published/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', where: { published: true } })
  @Example('/object/published/hello-world', 'a published Document (/object/published/draft is a 404)')
  published() {}
  // docs:end where

  // docs:start mine
  /** Only the caller's documents, through a resolver subclass. */
  @Get('mine/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', resolver: OwnDocumentsResolver })
  @Example('/object/mine/draft', "alice's draft: 404 unless the request says X-User: alice")
  mine() {}
  // docs:end mine

  // docs:start returned-entity
  /** The handler finds the entity itself; `fileField` names the file to serve. */
  @Get('entity/:slug')
  @Download({ fileField: 'file' })
  @Example('/object/entity/hello-world', 'a @Download() handler returning the entity')
  entity(@Param('slug') slug: string) {
    return this.documents.findOneBy({ slug, published: true });
  }
  // docs:end returned-entity
}
