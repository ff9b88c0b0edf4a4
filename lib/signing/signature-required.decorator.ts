import { applyDecorators, UseGuards } from '@nestjs/common';
import { SignatureGuard } from './signature.guard';

/**
 * Serves a route (or every route of a controller) only for URLs signed by
 * `UrlSigner` that have not expired; anything else answers 403 with the
 * reason (`missing`, `malformed`, `invalid`, `expired`).
 *
 * @see docs/signing.md
 * @example
 * @Get('signed/*') @SignatureRequired() @Download()
 * signed(@WildcardPath() name: string[]) { return this.storage.file(name); }
 */
export function SignatureRequired(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(SignatureGuard));
}
