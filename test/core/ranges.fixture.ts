import { Controller, Get, type ModuleMetadata, Param } from '@nestjs/common';
import { Download, DownloadModule, PathFile, VirtualFile } from 'nestjs-downloadview';
import { DIGITS } from './support/fixture-tree';

/** At most this many ranges per request in the ranges suite. */
export const MAX_RANGES = 4;

/** Seekable files (on disk, in memory with a strong ETag) and a generated, unseekable one. */
export function rangesApp(root: string): ModuleMetadata {
  @Controller()
  class RangesController {
    @Get('path/:name')
    @Download()
    byName(@Param('name') name: string) {
      return new PathFile(name, { root });
    }

    @Get('memory/digits')
    @Download()
    inMemory() {
      return new VirtualFile(DIGITS, { name: 'digits.txt' });
    }

    @Get('generated/digits')
    @Download()
    generated() {
      return new VirtualFile(
        (async function* () {
          yield DIGITS.slice(0, 30);
          yield DIGITS.slice(30);
        })(),
        { name: 'digits.txt', size: DIGITS.length },
      );
    }
  }

  return { imports: [DownloadModule.forRoot({ maxRanges: MAX_RANGES })], controllers: [RangesController] };
}
