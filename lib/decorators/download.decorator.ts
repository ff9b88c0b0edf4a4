import { Res, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import type { DownloadOptions } from '../interfaces/download-options.interface';

/**
 * Marks a route handler as a download view: it returns a file wrapper (or a
 * Promise of one) and the library answers with the file, streamed or
 * offloaded to the reverse proxy. `null` or `undefined` answers 404.
 *
 * The library writes the answer itself (Nest cannot send 206, 304 or 416
 * from a returned value), so the handler is given the response as an extra,
 * trailing argument that it can ignore.
 *
 * @example
 * @Get('path/:name') @Download()
 * byPath(@Param('name') name: string) { return new PathFile(name, { root: FIXTURES }); }
 */
export function Download(options: DownloadOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    SetMetadata(DOWNLOAD_OPTIONS_METADATA, options)(target, key, descriptor);
    const handler = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const routeArgs: Record<string, { index: number }> =
      Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {};
    const paramtypes: unknown[] = Reflect.getMetadata('design:paramtypes', target, key) ?? [];
    const index = Math.max(
      handler.length,
      paramtypes.length,
      ...Object.values(routeArgs).map((arg) => arg.index + 1),
    );
    // Declaring @Res() tells Nest that the response is handled here.
    Res()(target, key as string, index);
  };
}
