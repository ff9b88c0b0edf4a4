import { Controller, Get, type ModuleMetadata, NotFoundException, Param, Redirect } from '@nestjs/common';
import { Download, DownloadModule, S3Storage, StorageService, WildcardPath } from 'nestjs-downloadview';

/** Files of an S3Storage served through StorageService, as test/core/storage-file.fixture.ts does for FileSystemStorage. */
export function s3StorageApp(storage: S3Storage): ModuleMetadata {
  @Controller('s3')
  class S3FilesController {
    constructor(private readonly storage: StorageService) {}

    @Get('one/:name')
    @Download()
    byName(@Param('name') name: string) {
      return this.storage.file(name);
    }

    @Get('inline/*')
    @Download({ attachment: false })
    byTail(@WildcardPath() segments: string[]) {
      return this.storage.file(segments);
    }

    /** The redirect mode: the client downloads from S3 itself, with the headers the inline route sends. */
    @Get('redirect/*')
    @Redirect()
    async redirect(@WildcardPath() segments: string[]) {
      const url = await storage.presignDownload(this.storage.file(segments), { attachment: false, expiresIn: 60 });
      if (!url) throw new NotFoundException();
      return { url, statusCode: 302 };
    }

    @Get('info/:name')
    info(@Param('name') name: string) {
      const file = this.storage.file(name);
      return { url: file.getUrl() ?? null, path: file.getPath() ?? null };
    }
  }

  return {
    imports: [DownloadModule.forRoot({ storage })],
    controllers: [S3FilesController],
  };
}
