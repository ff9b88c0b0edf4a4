import { Controller, Get, Param } from '@nestjs/common';
import { Download, PathFile } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { FIXTURES_DIR } from '../sample.paths';

/**
 * The "remote server" of the HttpFile example, served by the sample itself:
 * a fixture with Last-Modified, ETag and Range support, as a real file
 * server would answer.
 */
@Controller('upstream')
export class UpstreamController {
  @Get(':name')
  @Download({ attachment: false })
  @Example('/upstream/hello-world.txt', 'the local stand-in for a remote server that /http/ proxies')
  file(@Param('name') name: string) {
    return new PathFile(name, { root: FIXTURES_DIR });
  }
}
