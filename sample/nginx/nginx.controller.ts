import { Controller, Get } from '@nestjs/common';
import { Download, StorageFile, WildcardPath, XAccelRedirect } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { nginxStorage } from './nginx.storage';

/**
 * Downloads sent by nginx with X-Accel-Redirect (django-downloadview's
 * demo `nginx` app). Run `npm run start:nginx` to have nginx in front;
 * without it the rule-based routes are streamed by the app and the decorated
 * one answers the empty offload response itself.
 */
@Controller('nginx')
export class NginxController {
  // docs:start by-rule
  /** Offloaded by AppModule's rules (sampleOffloadRules()) when nginx is in front; else streamed. */
  @Get('optimized-by-rule')
  @Download()
  @Example('/nginx/optimized-by-rule', 'hello-world.txt sent by nginx by the /media/ rule behind npm run start:nginx')
  byRule() {
    return new StorageFile(nginxStorage, 'hello-world.txt');
  }
  // docs:end by-rule

  // docs:start by-decorator
  /** Offloaded by the route's own rule, which wins over the module's. */
  @Get('optimized-by-decorator')
  @Download()
  @XAccelRedirect({ sourceUrl: '/media/nginx/', destinationUrl: '/protected-reports/', withBuffering: false })
  @Example('/nginx/optimized-by-decorator', 'the same file through another internal location (@XAccelRedirect)', { sentBy: 'nginx' })
  byDecorator() {
    return new StorageFile(nginxStorage, 'hello-world.txt');
  }
  // docs:end by-decorator

  /** Any file of media/nginx/, by AppModule's rules: names are percent-encoded for nginx. */
  @Get('files/*')
  @Download()
  @Example('/nginx/files/party%20%F0%9F%8E%89%20100%25.txt', 'a name with a space, an emoji and a % sent by nginx')
  file(@WildcardPath() name: string[]) {
    return new StorageFile(nginxStorage, name);
  }
}
