import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Download, ObjectDownload, ObjectDownloadResolver, type ObjectDownloadOptions, type ObjectWhere } from 'nestjs-downloadview';
import { Attachment, Document } from './document.entities';

interface OwnerRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** Narrows every lookup to the caller's documents (the caller is a header here). */
@Injectable()
export class OwnDocumentsResolver extends ObjectDownloadResolver {
  protected override async getWhere(params: Record<string, unknown>, request: unknown, options: ObjectDownloadOptions) {
    const where = (await super.getWhere(params, request, options)) as ObjectWhere | null;
    const owner = (request as OwnerRequest).headers['x-owner'];
    return where && typeof owner === 'string' ? { ...where, owner } : null;
  }
}

/** Every form of object download the e2e suites exercise. */
@Controller()
export class ObjectDownloadController {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}

  @Get('documents/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug' })
  byslug() {}

  @Get('documents/:slug/another')
  @ObjectDownload({ entity: Document, lookup: 'slug', fileField: 'anotherFile' })
  another() {}

  @Get('documents/:slug/named')
  @ObjectDownload({ entity: Document, lookup: 'slug', basenameField: 'basename' })
  named() {}

  @Get('documents/:slug/titled')
  @ObjectDownload({ entity: Document, lookup: 'slug', basenameField: 'title' })
  titled() {}

  @Get('documents/:slug/inline')
  @ObjectDownload({ entity: Document, lookup: 'slug', attachment: false })
  inline() {}

  @Get('documents/:slug/meta')
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
  meta() {}

  @Get('by-id/:id')
  @ObjectDownload({ entity: Document })
  byId() {}

  @Get('by-ref/:ref')
  @ObjectDownload({ entity: Document, lookup: 'slug', lookupParam: 'ref' })
  byRef() {}

  @Get('published/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', where: { published: true } })
  published() {}

  @Get('mine/:slug')
  @ObjectDownload({
    entity: Document,
    lookup: 'slug',
    where: (request: OwnerRequest) => ({ owner: String(request.headers['x-owner'] ?? '') }),
  })
  mine() {}

  @Get('careless/:slug')
  @ObjectDownload({
    entity: Document,
    lookup: 'slug',
    where: (request: OwnerRequest) => ({ owner: request.headers['x-owner'] as string | undefined }),
  })
  careless() {}

  @Get('own/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug', resolver: OwnDocumentsResolver })
  own() {}

  @Get('attachments/:id')
  @ObjectDownload({ entity: Attachment, fileField: 'path' })
  attachment() {}

  @Get('returned/:slug')
  @Download({ fileField: 'file' })
  returned(@Param('slug') slug: string) {
    return this.documents.findOneBy({ slug });
  }

  @Get('returned/:slug/named')
  @ObjectDownload({ basenameField: 'basename', mimeTypeField: 'mimeType' })
  returnedNamed(@Param('slug') slug: string) {
    return this.documents.findOneBy({ slug });
  }
}

/** The controller with what it injects. */
export const OBJECT_DOWNLOAD_FEATURE = {
  imports: [TypeOrmModule.forFeature([Document, Attachment])],
  controllers: [ObjectDownloadController],
  providers: [OwnDocumentsResolver],
};
