import { Controller, Get, type ModuleMetadata, Param } from '@nestjs/common';
import { Download, DownloadModule } from 'nestjs-downloadview';
import { CountingPathFile, type OpenCounter } from './support/counting-path.file';

/** Serves files from `root` through wrappers that count how often they open the content. */
export function conditionalApp(root: string, counter: OpenCounter): ModuleMetadata {
  @Controller()
  class ConditionalController {
    @Get('files/:name')
    @Download({ cacheControl: 'private, max-age=60' })
    byName(@Param('name') name: string) {
      return new CountingPathFile(name, root, counter);
    }
  }

  return { imports: [DownloadModule.forRoot()], controllers: [ConditionalController] };
}
