import type { INestApplicationContext, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ExternalContextCreator, ModulesContainer } from '@nestjs/core';
import { RouteParamsFactory } from '@nestjs/core/router/route-params-factory';

/** The request a handler is called with by `setupView()`. */
export interface SetupViewRequest {
  /**
   * Route params. A `prefix/*` tail (what `@WildcardPath()` reads) goes under
   * `path` as segments, `{ path: ['notes', 'café menu.txt'] }`, as Express gives it.
   */
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: unknown;
  method?: string;
  url?: string;
  /** Anything else the handler reads from the request (`user`, `session`...). */
  request?: Record<string, unknown>;
}

type Handler<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
type HandlerResult<T, K extends keyof T> = T[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * Nest's ExternalContextCreator, told which module holds the controller: it
 * only looks among providers, and without the module it would skip the pipes
 * registered there (`@Param('id', ParseIntPipe)`).
 */
function contextCreatorFor(moduleRef: INestApplicationContext, controller: Type): ExternalContextCreator {
  const creator = moduleRef.get(ExternalContextCreator);
  const modules = moduleRef.get(ModulesContainer);
  const moduleKey = [...modules.entries()].find(([, module]) => module.controllers.has(controller))?.[0];
  if (moduleKey === undefined) {
    throw new Error(`setupView: ${controller.name} is not a controller of this module (add it to \`controllers\`)`);
  }
  return Object.create(creator, { getContextModuleKey: { value: () => moduleKey } }) as ExternalContextCreator;
}

/** A response that only records what the handler sets on it. */
function fakeResponse(): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  const response: Record<string, unknown> = {
    headers,
    statusCode: 200,
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = value),
    getHeader: (name: string) => headers[name.toLowerCase()],
    header: (name: string, value: unknown) => ((headers[name.toLowerCase()] = value), response),
    status: (code: number) => ((response.statusCode = code), response),
  };
  return response;
}

/**
 * Calls a controller's handler directly, the way a request would (its
 * `@Param()`, `@Query()`, `@WildcardPath()`... decorators and pipes run), and
 * answers what it returns: the file wrapper, not a download. Guards,
 * interceptors and exception filters do not run. The setup_view of
 * django-downloadview: unit-test path or lookup logic without HTTP.
 *
 * @example
 * const file = await setupView(moduleRef, StorageController, 'byName', {
 *   params: { path: ['notes', 'café menu.txt'] },
 * });
 * expect(file.name).toBe('notes/café menu.txt');
 */
export async function setupView<T extends object, K extends Handler<T>>(
  moduleRef: INestApplicationContext,
  controller: Type<T>,
  handler: K,
  request: SetupViewRequest = {},
): Promise<HandlerResult<T, K>> {
  const creator = contextCreatorFor(moduleRef, controller);
  const instance = moduleRef.get(controller, { strict: false });
  const method = instance[handler] as unknown;
  if (typeof method !== 'function') {
    throw new TypeError(`setupView: ${controller.name}.${String(handler)} is not a method`);
  }
  const routeParams = new RouteParamsFactory();
  const paramsFactory = {
    exchangeKeyForValue: (type: number, data: string, [req, res, next]: unknown[]) =>
      routeParams.exchangeKeyForValue(type, data, { req: req as object, res, next: next as () => void }),
  };
  const call = creator.create(
    instance,
    method as (...args: unknown[]) => unknown,
    String(handler),
    ROUTE_ARGS_METADATA,
    paramsFactory,
    undefined,
    undefined,
    { guards: false, interceptors: false, filters: false },
  );
  const req = {
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    params: request.params ?? {},
    query: request.query ?? {},
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: request.body,
    ...request.request,
  };
  return (await call(req, fakeResponse(), () => undefined)) as HandlerResult<T, K>;
}
