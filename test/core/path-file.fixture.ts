import { Controller, Get, type ModuleMetadata, Param, Req } from '@nestjs/common';
import { Download, DownloadModule, PathFile, WildcardPath } from 'nestjs-downloadview';

/**
 * A controller serving PathFile wrappers from `root`: by a `:name` param, by
 * a wildcard tail (through WildcardPath() and through the raw params), and
 * without a root (a trusted absolute path).
 */
export function pathFileApp(root: string): ModuleMetadata {
  @Controller()
  class PathFilesController {
    @Get('path/:name')
    @Download()
    byName(@Param('name') name: string) {
      return new PathFile(name, { root });
    }

    @Get('tree/*')
    @Download()
    byTail(@WildcardPath() segments: string[]) {
      return new PathFile(segments, { root });
    }

    /** The tail exactly as each adapter hands it over (array on Express, string on Fastify). */
    @Get('raw/*')
    @Download()
    byRawTail(@Req() req: { params: Record<string, string | string[]> }) {
      return new PathFile(req.params.path ?? req.params['*'], { root });
    }

    @Get('absolute/hello')
    @Download({ attachment: false })
    absolute() {
      return new PathFile(`${root}/hello.txt`);
    }
  }

  return { imports: [DownloadModule.forRoot()], controllers: [PathFilesController] };
}
