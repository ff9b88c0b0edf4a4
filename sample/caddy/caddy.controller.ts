import { Controller, Get } from '@nestjs/common';
import { Download, StorageFile, WildcardPath, XAccelRedirect } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { caddyStorage } from './caddy.storage';

/**
 * Downloads sent by Caddy 2 with X-Accel-Redirect (`reverse_proxy` +
 * `handle_response`, see docs/optimizations/caddy.md). Run
 * `npm run start:caddy` to have Caddy in front; without it the rule-based
 * routes are streamed by the app and the decorated one answers the empty
 * offload response itself.
 */
@Controller('caddy')
export class CaddyController {
  // docs:start by-rule
  /** Offloaded by AppModule's rules (sampleOffloadRules()) when Caddy is in front; else streamed. */
  @Get('optimized-by-rule')
  @Download()
  @Example('/caddy/optimized-by-rule', 'hello-world.txt sent by Caddy by the /media/ rule behind npm run start:caddy')
  byRule() {
    return new StorageFile(caddyStorage, 'hello-world.txt');
  }
  // docs:end by-rule

  // docs:start by-decorator
  /** Offloaded by the route's own rule, which wins over the module's. */
  @Get('optimized-by-decorator')
  @Download()
  @XAccelRedirect({ server: 'caddy', sourceUrl: '/media/caddy/', destinationUrl: '/protected-reports/' })
  @Example('/caddy/optimized-by-decorator', 'the same file through another handle_path block (@XAccelRedirect)', { sentBy: 'caddy' })
  byDecorator() {
    return new StorageFile(caddyStorage, 'hello-world.txt');
  }
  // docs:end by-decorator

  /** Any file of media/caddy/, by AppModule's rules: names are percent-encoded for Caddy's `uri replace`. */
  @Get('files/*')
  @Download()
  @Example('/caddy/files/party%20%F0%9F%8E%89%20100%25.txt', 'a name with a space, an emoji and a % sent by Caddy')
  file(@WildcardPath() name: string[]) {
    return new StorageFile(caddyStorage, name);
  }
}
