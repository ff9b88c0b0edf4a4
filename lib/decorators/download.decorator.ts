import { Inject, Optional, Req, Res, SetMetadata, type Type } from '@nestjs/common';
import { PROPERTY_DEPS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import { DownloadService } from '../views/download.service';
import { DOWNLOAD_SERVICE_PROPERTY, downloadServiceOf } from '../views/download-service.registry';

/** Property of a `@Download()` wrapper that holds the handler as written. */
export const ORIGINAL_HANDLER = Symbol('nestjs-downloadview:original-handler');

type AnyHandler = (...args: unknown[]) => unknown;
type DownloadController = { constructor: Type<unknown> };

/**
 * Marks a route handler as a download view: it returns a file wrapper (or a
 * Promise of one) and the library answers with the file, streamed or
 * offloaded to the reverse proxy. `null` or `undefined` answers 404.
 *
 * The library writes the answer itself (Nest cannot send 206, 304 or 416
 * from a returned value): the handler is given the request and the
 * response as two extra, trailing arguments that it can ignore, and is
 * wrapped so that it answers as soon as it returns, without an interceptor.
 * Interceptors around the route see the file wrapper once it has been sent.
 *
 * @example
 * @Get('path/:name') @Download()
 * byPath(@Param('name') name: string) { return new PathFile(name, { root: FIXTURES }); }
 */
export function Download(options: DownloadOptions = {}): MethodDecorator {
  return <T>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => {
    const handler = descriptor.value as unknown as AnyHandler;
    const index = trailingIndex(target, key, handler);
    // Declaring @Res() tells Nest that the response is handled here.
    Req()(target, key as string, index);
    Res()(target, key as string, index + 1);
    injectDownloadService(target);
    const name = `${target.constructor.name}.${String(key)}`;
    const wrapper = function (this: DownloadController, ...args: unknown[]) {
      const service = downloadServiceOf(this);
      if (!service) {
        throw new Error(`${name} is a @Download() route but no DownloadModule serves it: import DownloadModule.forRoot()`);
      }
      return service.respond(handler.apply(this, args), {
        handler: wrapper as AnyHandler,
        controller: this.constructor,
        args,
        request: args[index],
        response: args[index + 1],
      });
    };
    copyMetadata(handler, wrapper);
    Object.defineProperty(wrapper, 'name', { value: handler.name });
    Object.defineProperty(wrapper, ORIGINAL_HANDLER, { value: handler });
    descriptor.value = wrapper as unknown as T;
    SetMetadata(DOWNLOAD_OPTIONS_METADATA, options)(target, key, descriptor);
    // Defined here too: `Reflect.decorate()` called by hand (plain JavaScript) returns
    // the new descriptor without defining it, unlike TypeScript's own helper.
    Object.defineProperty(target, key, descriptor);
    return descriptor;
  };
}

/** The index after every declared and decorated parameter of the handler. */
function trailingIndex(target: object, key: string | symbol, handler: AnyHandler): number {
  const routeArgs: Record<string, { index: number }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {};
  const paramtypes: unknown[] = Reflect.getMetadata('design:paramtypes', target, key) ?? [];
  return Math.max(handler.length, paramtypes.length, ...Object.values(routeArgs).map((arg) => arg.index + 1));
}

/** Property-injects DownloadService into the controller, once per class (optional: see DownloadViewsBinder). */
function injectDownloadService(target: object): void {
  // Inherited too: a subclass of a controller that has one gets it through the parent's list.
  const deps: { key: unknown }[] = Reflect.getMetadata(PROPERTY_DEPS_METADATA, target.constructor) ?? [];
  if (deps.some((dep) => dep.key === DOWNLOAD_SERVICE_PROPERTY)) return;
  Optional()(target, DOWNLOAD_SERVICE_PROPERTY);
  Inject(DownloadService)(target, DOWNLOAD_SERVICE_PROPERTY);
}

/** Decorators below `@Download()` wrote their metadata on the handler as written: the wrapper needs it too. */
function copyMetadata(from: object, to: object): void {
  for (const metadataKey of Reflect.getOwnMetadataKeys(from)) {
    Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, from), to);
  }
}
