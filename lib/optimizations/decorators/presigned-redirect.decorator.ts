import type { OffloadRule, PresigningStorage } from '../offload-rule.interface';
import { offloadRuleDecorator } from './offload-rules.metadata';

/** A rule for `@PresignedRedirect()`: the storage whose objects it redirects to, how long and with which status. */
export interface PresignedRedirectRule extends Pick<OffloadRule, 'presignExpiresIn' | 'redirectStatus'> {
  /** The storage whose files (StorageFile) are redirected, e.g. an `S3Storage`. */
  sourceStorage: PresigningStorage;
}

/**
 * Answers this route's downloads (a method) or a controller's with a 302
 * (or `redirectStatus: 307`) to a short-lived presigned URL of the object,
 * carrying the Content-Disposition and Content-Type the streamed answer
 * would have: the rule `{ backend: 'redirect', sourceStorage }`. One
 * HeadObject first (404 for a missing object). Its rule is tried before the
 * module's rules; a file it does not match falls back to them (streamed).
 * A wrong rule throws when the class loads.
 *
 * @example
 * @Get('report') @Download({ attachment: false })
 * @PresignedRedirect({ sourceStorage: s3, presignExpiresIn: 60 })
 * report() { return new StorageFile(s3, 'report.pdf'); }
 *
 * @see docs/views/storage.md
 */
export function PresignedRedirect(rule: PresignedRedirectRule): ClassDecorator & MethodDecorator {
  return offloadRuleDecorator('PresignedRedirect', { ...(rule ?? {}), backend: 'redirect' } as OffloadRule);
}
