import { Controller, Get } from '@nestjs/common';
import { Download, PathFile, StorageFile, WildcardPath, XSendfile } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { APACHE_MEDIA_DIR, apacheStorage } from './apache.storage';

/**
 * Downloads sent by Apache (mod_xsendfile) with X-Sendfile
 * (django-downloadview's demo `apache` app). Run `npm run start:apache` to
 * have Apache in front; without it the rule-based routes are streamed by the
 * app and the decorated one answers the empty offload response itself.
 */
@Controller('apache')
export class ApacheController {
  // docs:start by-rule
  /** Offloaded by AppModule's rules (sampleOffloadRules()) when apache is in front; else streamed. */
  @Get('optimized-by-rule')
  @Download()
  @Example('/apache/optimized-by-rule', 'hello-world.txt sent by apache by the /media/ rule behind npm run start:apache')
  byRule() {
    return new StorageFile(apacheStorage, 'hello-world.txt');
  }
  // docs:end by-rule

  // docs:start by-decorator
  /** Offloaded by the route's own rule: a PathFile matched by folder. */
  @Get('optimized-by-decorator')
  @Download()
  @XSendfile({ server: 'apache', sourceDir: APACHE_MEDIA_DIR })
  @Example('/apache/optimized-by-decorator', 'the same file as a PathFile, offloaded by @XSendfile', { sentBy: 'apache' })
  byDecorator() {
    return new PathFile('hello-world.txt', { root: APACHE_MEDIA_DIR });
  }
  // docs:end by-decorator

  /** Any file of media/apache/, by AppModule's rules: the library sends the path as raw UTF-8 for apache. */
  @Get('files/*')
  @Download()
  @Example('/apache/files/party%20%F0%9F%8E%89%20100%25.txt', 'a name with a space, an emoji and a % sent by apache')
  file(@WildcardPath() name: string[]) {
    return new StorageFile(apacheStorage, name);
  }
}
