import { Inject, Injectable, type OnModuleInit, type Provider, type Type } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { DOWNLOAD_FILE_RESOLVERS, DOWNLOAD_RESOLVER_METADATA } from '../download.constants';
import { methodNames } from '../utils/method-names.util';
import type { FileResolver } from './file-resolver.interface';

/** The resolvers made for routes (not providers: Nest runs no hook of theirs). */
const ROUTE_RESOLVERS = Symbol('ROUTE_RESOLVERS');

/** Runs the `onModuleInit()` of resolvers made for routes (the TypeORM one checks its routes there). */
@Injectable()
export class RouteResolversInit implements OnModuleInit {
  constructor(@Inject(ROUTE_RESOLVERS) private readonly resolvers: FileResolver[]) {}

  async onModuleInit(): Promise<void> {
    for (const resolver of this.resolvers) await (resolver as Partial<OnModuleInit>).onModuleInit?.();
  }
}

/**
 * The `DOWNLOAD_FILE_RESOLVERS` list: the module's `resolvers`, then one
 * instance of each resolver class that routes name in their metadata
 * (`@ObjectDownload()` names the TypeORM one), made only when a route of the
 * application uses it. The core names no integration: each plugs in here.
 */
export function fileResolverProviders(resolvers: Type<FileResolver>[]): Provider[] {
  return [
    ...resolvers,
    {
      provide: ROUTE_RESOLVERS,
      useFactory: async (modules: ModulesContainer, moduleRef: ModuleRef) => {
        const made: FileResolver[] = [];
        for (const type of routeResolverTypes(modules)) {
          if (!resolvers.includes(type)) made.push(await moduleRef.create(type));
        }
        return made;
      },
      inject: [ModulesContainer, ModuleRef],
    },
    {
      provide: DOWNLOAD_FILE_RESOLVERS,
      useFactory: (made: FileResolver[], ...own: FileResolver[]) => [...own, ...made],
      inject: [ROUTE_RESOLVERS, ...resolvers],
    },
    RouteResolversInit,
  ];
}

/** Every resolver class named by a route of the application. */
function routeResolverTypes(modules: ModulesContainer): Set<Type<FileResolver>> {
  const types = new Set<Type<FileResolver>>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as Type | null)?.prototype;
      if (!prototype) continue;
      for (const name of methodNames(prototype)) {
        const type = Reflect.getMetadata(DOWNLOAD_RESOLVER_METADATA, prototype[name]) as Type<FileResolver> | undefined;
        if (type) types.add(type);
      }
    }
  }
  return types;
}
