import type { OffloadBackend } from '../backends/offload-backend.interface';
import type { OffloadRule } from '../offload-rule.interface';
import { offloadRuleDecorator } from './offload-rules.metadata';

/** A rule for `@XSendfile()`: which X-Sendfile server, and the folder it reads. */
export interface XSendfileRule extends Pick<OffloadRule, 'sourceUrl' | 'sourceDir' | 'destinationDir'> {
  /** `apache` (mod_xsendfile: raw UTF-8 path) or `lighttpd` (percent-encoded path). */
  server: 'apache' | 'lighttpd' | OffloadBackend;
}

/**
 * Offloads this route's downloads (a method) or a controller's to Apache or
 * lighttpd with `X-Sendfile` (django-downloadview's `x_sendfile` decorators).
 * Its rule is tried before the module's rules; a file it does not match
 * falls back to them. A wrong rule throws when the class loads.
 *
 * @example
 * @Get('export') @Download()
 * @XSendfile({ server: 'lighttpd', sourceDir: EXPORTS, destinationDir: '/exports' })
 * export() { return new PathFile('data.csv', { root: EXPORTS }); }
 *
 * @see docs/optimizations/apache.md, docs/optimizations/lighttpd.md
 */
export function XSendfile(rule: XSendfileRule): ClassDecorator & MethodDecorator {
  const { server, ...rest } = rule ?? ({} as XSendfileRule);
  return offloadRuleDecorator('XSendfile', { ...rest, backend: server });
}
