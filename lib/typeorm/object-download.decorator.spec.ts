import { DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { OBJECT_DOWNLOAD_METADATA } from './object-download.constants';
import { ObjectDownload } from './object-download.decorator';

class Document {
  id!: number;
  slug!: string;
  file!: unknown;
  basename!: string;
}

class DocumentsController {
  @ObjectDownload({ entity: Document, lookup: 'slug', basenameField: 'basename', attachment: false, cacheControl: 'private' })
  download() {}

  @ObjectDownload({ entity: Document, fileField: 'basename' })
  other() {}
}

describe('@ObjectDownload()', () => {
  const handler = DocumentsController.prototype.download;

  it('stores its options for the interceptor', () => {
    expect(Reflect.getMetadata(OBJECT_DOWNLOAD_METADATA, handler)).toEqual({
      entity: Document,
      lookup: 'slug',
      basenameField: 'basename',
      attachment: false,
      cacheControl: 'private',
    });
  });

  it('is a @Download() with the download options only, serving `file` by default', () => {
    expect(Reflect.getMetadata(DOWNLOAD_OPTIONS_METADATA, handler)).toEqual({
      fileField: 'file',
      attachment: false,
      cacheControl: 'private',
    });
    expect(Reflect.getMetadata(DOWNLOAD_OPTIONS_METADATA, DocumentsController.prototype.other)).toEqual({ fileField: 'basename' });
  });
});
