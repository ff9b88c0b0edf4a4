import { Controller, Get, type ModuleMetadata, Param } from '@nestjs/common';
import { Download, DownloadModule, HttpFile } from 'nestjs-downloadview';

/** Short enough to keep the suite fast, long enough for a loopback answer. */
export const SHORT_TIMEOUT = 300;

/** Proxies files of the remote server at `remote`; `unreachable` is a URL nothing answers at. */
export function httpFileApp(remote: string, unreachable: string): ModuleMetadata {
  @Controller('remote')
  class HttpFilesController {
    @Get('files/:name')
    @Download()
    byName(@Param('name') name: string) {
      return new HttpFile(`${remote}/files/${encodeURIComponent(name)}`, {
        headers: { 'x-api-key': 'app-secret' },
        timeout: SHORT_TIMEOUT,
      });
    }

    @Get('unreachable')
    @Download()
    unreachable() {
      return new HttpFile(`${unreachable}/files/hello.txt`);
    }

    @Get('renamed')
    @Download({ basename: 'report.txt', mimetype: 'text/markdown' })
    renamed() {
      return new HttpFile(`${remote}/files/hello.txt`);
    }
  }

  return { imports: [DownloadModule.forRoot()], controllers: [HttpFilesController] };
}
