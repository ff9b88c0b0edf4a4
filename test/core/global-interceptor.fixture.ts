import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Download, PathFile } from 'nestjs-downloadview';

/** Content of the Buffer the `buffer` route returns. */
export const BUFFER_CONTENT = 'bytes from a Buffer, 0123456789';

/**
 * Routes WITHOUT @Download() (but one) returning what the global
 * DownloadInterceptor converts, or leaves to Nest.
 */
export function globalRoutesController(root: string) {
  @Controller('g')
  class GlobalRoutesController {
    @Get('path/:name')
    path(@Param('name') name: string) {
      return new PathFile(name, { root });
    }

    @Get('csv')
    csv() {
      return new StreamableFile(createReadStream(join(root, 'digits.txt')), {
        type: 'text/csv',
        disposition: 'attachment; filename="report.csv"',
      });
    }

    @Get('buffer')
    buffer() {
      return new StreamableFile(Buffer.from(BUFFER_CONTENT));
    }

    @Get('other-stream')
    otherStream() {
      return new StreamableFile(Readable.from(['a', 'b']));
    }

    @Get('json')
    json() {
      return { kind: 'json', n: 1 };
    }

    @Get('string')
    string() {
      return 'just a string';
    }

    @Get('decorated')
    @Download()
    decorated() {
      return new PathFile('digits.txt', { root });
    }
  }
  return GlobalRoutesController;
}
