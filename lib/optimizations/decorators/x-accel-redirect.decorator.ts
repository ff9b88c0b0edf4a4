import type { OffloadRule } from '../offload-rule.interface';
import { offloadRuleDecorator } from './offload-rules.metadata';

/** A rule for `@XAccelRedirect()`: the backend is nginx. */
export type XAccelRedirectRule = Omit<OffloadRule, 'backend' | 'destinationDir'>;

/**
 * Offloads this route's downloads (a method) or a controller's to nginx
 * with `X-Accel-Redirect` (django-downloadview's `x_accel_redirect`
 * decorator). Its rule is tried before the module's rules; a file it does
 * not match falls back to them. A wrong rule throws when the class loads.
 *
 * @example
 * @Get('report') @Download()
 * @XAccelRedirect({ sourceUrl: '/media/', destinationUrl: '/protected-reports/' })
 * report() { return this.storage.file('report.pdf'); }
 *
 * @see docs/optimizations/nginx.md
 */
export function XAccelRedirect(rule: XAccelRedirectRule): ClassDecorator & MethodDecorator {
  return offloadRuleDecorator('XAccelRedirect', { ...rule, backend: 'nginx' });
}
