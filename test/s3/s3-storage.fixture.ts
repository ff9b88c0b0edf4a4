import { Controller, Get, type ModuleMetadata, Param } from '@nestjs/common';
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
