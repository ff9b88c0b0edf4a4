import { Controller, Get, type ModuleMetadata, Param } from '@nestjs/common';
import { Download, DownloadModule, FileSystemStorage, StorageService, WildcardPath } from 'nestjs-downloadview';

/** Files of a FileSystemStorage at `location`, served through StorageService. */
export function storageFileApp(location: string): ModuleMetadata {
  @Controller('storage')
  class StorageFilesController {
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

    @Get('renamed/:name')
    @Download({ basename: 'decorator.txt' })
    renamed(@Param('name') name: string) {
      return this.storage.file(name, { basename: 'wrapper’s name.txt' });
    }

    @Get('info/:name')
    info(@Param('name') name: string) {
      const file = this.storage.file(name);
      return { url: file.getUrl() ?? null, path: file.getPath() ?? null };
    }
  }

  return {
    imports: [DownloadModule.forRoot({ storage: new FileSystemStorage({ location, baseUrl: '/media/' }) })],
    controllers: [StorageFilesController],
  };
}
