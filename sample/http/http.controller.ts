import { Controller, Get } from '@nestjs/common';
import { Download, HttpFile } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { UpstreamUrl } from './upstream.url';

/** Remote files proxied through the app (django-downloadview's HTTPDownloadView). */
@Controller('http')
export class HttpController {
  constructor(private readonly upstream: UpstreamUrl) {}

  // docs:start simple-url
  /** Streams a remote file: Range and conditional headers are passed on to it. */
  @Get('simple-url')
  @Download()
  @Example('/http/simple-url', 'hello-world.txt fetched from /upstream/ and streamed')
  simpleUrl() {
    return new HttpFile(this.upstream.of('hello-world.txt'), { timeout: 5_000 });
  }
  // docs:end simple-url

  // docs:start missing
  /** A remote 404 answers 404; other remote failures 502, no answer in time 504. */
  @Get('missing')
  @Download()
  @Example('/http/missing', 'the remote server answers 404, so does the app')
  missing() {
    return new HttpFile(this.upstream.of('no-such-file.txt'));
  }
  // docs:end missing
}
