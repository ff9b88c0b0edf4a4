import { Controller, Get, Param } from '@nestjs/common';
import { Download, PathFile } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { FIXTURES_DIR, HELLO_WORLD_PATH } from '../sample.paths';

/** Files on the local disk, by path (django-downloadview's PathDownloadView). */
@Controller('path')
export class PathController {
  // docs:start static-path
  /** A file the application names itself: an absolute, trusted path. */
  @Get('static-path')
  @Download()
  @Example('/path/static-path', 'fixtures/hello-world.txt, by its absolute path')
  staticPath() {
    return new PathFile(HELLO_WORLD_PATH);
  }
  // docs:end static-path

  // docs:start by-name
  /** A file named by the URL: `root` confines the name to FIXTURES_DIR. */
  @Get('dynamic-path/:name')
  @Download()
  @Example('/path/dynamic-path/hello-world.txt', 'a fixture named by the URL, confined to fixtures/')
  byName(@Param('name') name: string) {
    return new PathFile(name, { root: FIXTURES_DIR });
  }
  // docs:end by-name

  // docs:start renamed
  /** The decorator's options: another client-side name and a Cache-Control. */
  @Get('renamed')
  @Download({ basename: 'greeting.txt', cacheControl: 'public, max-age=3600' })
  @Example('/path/renamed', 'hello-world.txt downloaded as greeting.txt, cacheable for an hour')
  renamed() {
    return new PathFile(HELLO_WORLD_PATH);
  }
  // docs:end renamed
}
