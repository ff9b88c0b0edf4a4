import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { ModulesContainer } from '@nestjs/core';
import { methodNames } from '../utils/method-names.util';
import { readWildcardTail } from './wildcard-path.decorator';

/** Nest's route path metadata key (`@Get(path)`, `@Controller(path)`). */
const PATH_METADATA = 'path';

/** The part of an HTTP adapter read here. */
interface RouteAdapter {
  getType?(): string;
  normalizePath?(path: string): string;
}

const QUIETED = Symbol('nestjs-downloadview:wildcard-routes');

/**
 * The method paths (`files/*`) of every route whose handler takes
 * `@WildcardPath()`, in the application's controllers.
 */
export function wildcardRoutePaths(modules: ModulesContainer): Set<string> {
  const paths = new Set<string>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      const prototype = type?.prototype as Record<string, unknown> | undefined;
      if (!type || !prototype) continue;
      for (const name of methodNames(prototype)) {
        const args: Record<string, { factory?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {};
        if (!Object.values(args).some((arg) => arg.factory === readWildcardTail)) continue;
        const declared: unknown = Reflect.getMetadata(PATH_METADATA, prototype[name] as object);
        for (const path of Array.isArray(declared) ? declared : [declared]) {
          if (typeof path === 'string' && /(^|\/)\*$/.test(path)) paths.add(path.replace(/^\/+/, ''));
        }
      }
    }
  }
  return paths;
}

/**
 * On Express, hands the `prefix/*` routes of `@WildcardPath()` handlers to
 * the router as `prefix/{*path}`, the form path-to-regexp 8 wants: the very
 * conversion Nest makes itself, without its LegacyRouteConverter warning per
 * route. Fastify needs `prefix/*` as written (it refuses `{*path}`), and
 * other routes are left to Nest, warning included. Changes only this
 * application's adapter instance, once.
 */
export function quietWildcardRoutes(adapter: RouteAdapter | undefined, modules: ModulesContainer): void {
  if (!adapter || adapter.getType?.() !== 'express' || typeof adapter.normalizePath !== 'function') return;
  const tagged = adapter as RouteAdapter & { [QUIETED]?: true };
  if (tagged[QUIETED]) return;
  const wildcards = [...wildcardRoutePaths(modules)];
  if (wildcards.length === 0) return;
  const normalize = adapter.normalizePath.bind(adapter);
  tagged[QUIETED] = true;
  adapter.normalizePath = (path: string): string => {
    const ours = path.endsWith('/*') && wildcards.some((tail) => path === `/${tail}` || path.endsWith(`/${tail}`));
    return normalize(ours ? `${path.slice(0, -1)}{*path}` : path);
  };
}
