import { applyDecorators, Res, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { DownloadInterceptor } from '../interceptors/download.interceptor';
import type { DownloadOptions } from '../interfaces/download-options.interface';

/**
 * Marks a route handler as a download view: it returns a file wrapper (or a
 * Promise of one) and DownloadInterceptor answers with the file, streamed or
 * offloaded to the reverse proxy. `null` or `undefined` answers 404.
 *
 * Metadata only: the handler is left as written (call it directly and it
 * returns the wrapper). The decorator stores the options, applies
 * DownloadInterceptor to the route (it serves only when the module has no
 * global one), and declares the response as handled by the library with a
 * trailing `@Res()` argument the handler can ignore: Nest cannot send 206,
 * 304 or 416 from a returned value.
 *
 * @example
 * @Get('path/:name') @Download()
 * byPath(@Param('name') name: string) { return new PathFile(name, { root: FIXTURES }); }
 * @see docs/views/index.md
 */
export function Download(options: DownloadOptions = {}): MethodDecorator {
  return applyDecorators(SetMetadata(DOWNLOAD_OPTIONS_METADATA, options), UseInterceptors(DownloadInterceptor), HandledResponse());
}

/** Declares `@Res()` after every declared and decorated parameter of the handler. */
function HandledResponse(): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const routeArgs: Record<string, { index: number }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {};
    const paramtypes: unknown[] = Reflect.getMetadata('design:paramtypes', target, key) ?? [];
    const index = Math.max(handler.length, paramtypes.length, ...Object.values(routeArgs).map((arg) => arg.index + 1));
    Res()(target, key as string, index);
  };
}
