import { Injectable } from '@nestjs/common';
import { ObjectDownloadResolver, type ObjectDownloadOptions } from 'nestjs-downloadview';

// docs:start resolver
/**
 * Only the caller's documents (SingleObjectMixin's get_queryset()). The
 * sample has no authentication: an `X-User` header stands for `request.user`.
 */
@Injectable()
export class OwnDocumentsResolver extends ObjectDownloadResolver {
  protected override async getWhere(
    params: Record<string, unknown>,
    request: { headers: Record<string, string | string[] | undefined> },
    options: ObjectDownloadOptions,
  ) {
    const user = request.headers['x-user'];
    if (typeof user !== 'string') return null; // 404
    const where = await super.getWhere(params, request, options);
    return where && { ...where, owner: user };
  }
}
// docs:end resolver
