import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { type SignatureCheck, UrlSigner } from './url-signer.service';

/**
 * Lets a request through only when its URL carries a valid, unexpired
 * signature from `UrlSigner`; otherwise answers 403 with the reason. Use it
 * through `@SignatureRequired()`. Subclass to change where the URL is read
 * (`requestUrl()`) or how a refusal looks (`reject()`).
 */
@Injectable()
export class SignatureGuard implements CanActivate {
  constructor(protected readonly signer: UrlSigner) {
    // Fail at start-up, not on the first request, when signing is not configured.
    void signer.options;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const check = this.signer.verify(this.requestUrl(context));
    if (!check.valid) throw this.reject(check);
    return true;
  }

  /** The URL as the client requested it, global prefix included. */
  protected requestUrl(context: ExecutionContext): string {
    const request = context.switchToHttp().getRequest<{ originalUrl?: string; raw?: IncomingMessage; url?: string }>();
    return request.originalUrl ?? request.raw?.url ?? request.url ?? '/';
  }

  /** The error answered for a refused URL: 403 with the reason in the body. */
  protected reject(check: Extract<SignatureCheck, { valid: false }>): Error {
    return new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: check.message, reason: check.reason });
  }
}
