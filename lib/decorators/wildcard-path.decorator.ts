import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Route params as the two adapters hand them over. */
type RouteParams = Record<string, unknown> | undefined;

/**
 * The segments of a wildcard route's tail, whichever adapter matched it:
 * Express names the tail (`path`, an array of decoded segments) while Fastify
 * gives one string under `*`. A missing or empty tail answers `[]`.
 *
 * Segments are returned as they are (an empty one from `a//b` included), so
 * that `PathFile` / `StorageService` confinement still sees, and refuses,
 * anything odd.
 */
export function wildcardSegments(params: RouteParams, name = 'path'): string[] {
  const tail = params?.[name] ?? params?.['*'];
  if (Array.isArray(tail)) return tail.map(String);
  if (typeof tail === 'string' && tail !== '') return tail.split('/');
  return [];
}

/**
 * Injects the tail of a `prefix/*` route as path segments (`string[]`), the
 * same on Express and Fastify. Pass them straight to `PathFile`,
 * `StorageService.file()` or `StorageFile`: they confine the name.
 *
 * `name` is the tail's parameter name on Express (default `path`, which is
 * what Nest gives a bare `*`).
 *
 * Write the route `prefix/*`, the one form both adapters accept. In an
 * application that imports DownloadModule, the routes of handlers taking
 * `@WildcardPath()` are handed to Express as `prefix/{*path}` directly, so
 * Nest no longer logs a LegacyRouteConverter warning for each of them
 * (Fastify takes `prefix/*` as it is).
 *
 * @example
 * @Get('storage/files/*') @Download()
 * byName(@WildcardPath() name: string[]) { return this.storage.file(name); }
 */
export const WildcardPath = createParamDecorator(readWildcardTail);

/** WildcardPath's factory: also how wildcard-routes.ts recognises the handlers that use it. */
export function readWildcardTail(name: string | undefined, context: ExecutionContext): string[] {
  return wildcardSegments(context.switchToHttp().getRequest<{ params?: RouteParams }>().params, name);
}
