import { Controller, Get } from '@nestjs/common';
import { Download, PathFile, StorageFile, WildcardPath, XSendfile } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { LIGHTTPD_MEDIA_DIR, lighttpdStorage } from './lighttpd.storage';

/**
 * Downloads sent by lighttpd with X-Sendfile (django-downloadview's demo
 * `lighttpd` app). Run `npm run start:lighttpd` to have lighttpd in front;
 * without it the rule-based routes are streamed by the app and the decorated
 * one answers the empty offload response itself.
 */
@Controller('lighttpd')
export class LighttpdController {
  // docs:start by-rule
  /** Offloaded by AppModule's rules (sampleOffloadRules()) when lighttpd is in front; else streamed. */
  @Get('optimized-by-rule')
  @Download()
  @Example('/lighttpd/optimized-by-rule', 'hello-world.txt sent by lighttpd by the /media/ rule behind npm run start:lighttpd')
  byRule() {
    return new StorageFile(lighttpdStorage, 'hello-world.txt');
  }
  // docs:end by-rule

  // docs:start by-decorator
  /** Offloaded by the route's own rule: a PathFile matched by folder. */
  @Get('optimized-by-decorator')
  @Download()
  @XSendfile({ server: 'lighttpd', sourceDir: LIGHTTPD_MEDIA_DIR })
  @Example('/lighttpd/optimized-by-decorator', 'the same file as a PathFile, offloaded by @XSendfile', { sentBy: 'lighttpd' })
  byDecorator() {
    return new PathFile('hello-world.txt', { root: LIGHTTPD_MEDIA_DIR });
  }
  // docs:end by-decorator

  /** Any file of media/lighttpd/, by AppModule's rules: the library percent-encodes the path for lighttpd. */
  @Get('files/*')
  @Download()
  @Example('/lighttpd/files/party%20%F0%9F%8E%89%20100%25.txt', 'a name with a space, an emoji and a % sent by lighttpd')
  file(@WildcardPath() name: string[]) {
    return new StorageFile(lighttpdStorage, name);
  }
}
