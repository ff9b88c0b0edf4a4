import type { OffloadBackend } from '../backends/offload-backend.interface';
import type { OffloadRule } from '../offload-rule.interface';
import { offloadRuleDecorator } from './offload-rules.metadata';

/** A rule for `@XAccelRedirect()`: nginx unless `server` names Caddy. */
export interface XAccelRedirectRule extends Omit<OffloadRule, 'backend' | 'destinationDir'> {
  /** The server acting on `X-Accel-Redirect`: `nginx` (default) or `caddy` (no X-Accel options). */
  server?: 'nginx' | 'caddy' | OffloadBackend;
}

/**
 * Offloads this route's downloads (a method) or a controller's to nginx
 * (or Caddy) with `X-Accel-Redirect` (django-downloadview's
 * `x_accel_redirect` decorator). Its rule is tried before the module's
 * rules; a file it does not match falls back to them. A wrong rule throws
 * when the class loads.
 *
 * @example
 * @Get('report') @Download()
 * @XAccelRedirect({ sourceUrl: '/media/', destinationUrl: '/protected-reports/' })
 * report() { return this.storage.file('report.pdf'); }
 *
 * @see docs/optimizations/nginx.md, docs/optimizations/caddy.md
 */
export function XAccelRedirect(rule: XAccelRedirectRule): ClassDecorator & MethodDecorator {
  const { server = 'nginx', ...rest } = rule ?? ({} as XAccelRedirectRule);
  return offloadRuleDecorator('XAccelRedirect', { ...rest, backend: server });
}
