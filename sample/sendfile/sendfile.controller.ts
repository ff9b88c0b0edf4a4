import { Controller, Get } from '@nestjs/common';
import { Download, sendfile, WildcardPath } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { FIXTURES_DIR, HELLO_WORLD_PATH } from '../sample.paths';

/** django-sendfile's `sendfile()`, ported: a file by path, with its options. */
@Controller('sendfile')
export class SendfileController {
  // docs:start hello
  /** `sendfile(path)`: shown inline, like django-sendfile's default. */
  @Get('hello-world.txt')
  @Download()
  @Example('/sendfile/hello-world.txt', 'sendfile(): fixtures/hello-world.txt by its path, shown inline')
  hello() {
    return sendfile(HELLO_WORLD_PATH);
  }
  // docs:end hello

  // docs:start attachment
  /** Saved under another name, with an explicit type. */
  @Get('greeting')
  @Download()
  @Example('/sendfile/greeting', 'sendfile() with attachment: saved as "Grüße.txt"')
  greeting() {
    return sendfile(HELLO_WORLD_PATH, { attachment: true, attachmentFilename: 'Grüße.txt', mimetype: 'text/plain' });
  }
  // docs:end attachment

  // docs:start root
  /** A name from the URL, confined to `root` (django-sendfile's SENDFILE_ROOT). */
  @Get('fixtures/*')
  @Download()
  @Example('/sendfile/fixtures/hello-world.txt', 'sendfile() with root: a name from the URL, confined to fixtures/')
  fixture(@WildcardPath() name: string[]) {
    return sendfile(name, { root: FIXTURES_DIR, attachment: true });
  }
  // docs:end root
}
