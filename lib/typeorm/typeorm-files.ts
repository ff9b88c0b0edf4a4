import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit, Optional, type Type } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import type { DownloadFile } from '../files/download.file';
import { DOWNLOAD_STORAGE } from '../download.constants';
import type { DownloadContext } from '../views/download-context.interface';
import type { Storage } from '../interfaces/storage.interface';
import type { FileResolver } from '../views/file-resolver.interface';
import { applicationDataSources, bindFileColumns } from './file-column.binding';
import { OBJECT_DOWNLOAD_METADATA } from './object-download.constants';
import type { ObjectDownloadOptions, ObjectLookup } from './object-download-options.interface';
import { ObjectDownloadResolver } from './object-download.resolver';
import { missingTypeOrmPackages, TYPEORM_INSTALL } from './typeorm.loader';
import { methodNames } from '../utils/method-names.util';

/**
 * The TypeORM integration of one application. It binds the `@FileColumn()`
 * files read through the application's own DataSources to the storage of
 * its DownloadModule (a subscriber on each DataSource; no process-wide
 * state, so two applications in one process each read their own files), and
 * it answers the `@ObjectDownload()` routes: at start-up it checks them
 * (failing with one error listing every problem), then hands each request
 * to the route's resolver. DownloadService asks it first in `toFile()`.
 *
 * DownloadModule makes it by itself for an application with an
 * `@ObjectDownload()` route (`@ObjectDownload()` names it). An application
 * that reads `@FileColumn()` entities without such a route lists it:
 * `DownloadModule.forRoot({ storage, resolvers: [TypeOrmFiles] })`; listed,
 * it is a provider of the module and also releases the binding when the
 * application shuts down (made for routes, it gets no shutdown hook: its
 * binding ends with the DataSources, which @nestjs/typeorm destroys then).
 *
 * @see docs/views/object.md
 */
@Injectable()
export class TypeOrmFiles implements FileResolver, OnModuleInit, OnApplicationShutdown {
  private readonly resolvers = new Map<Type<ObjectLookup>, Promise<ObjectLookup>>();
  private readonly handlerOptions = new WeakMap<object, ObjectDownloadOptions | null>();
  private releases: (() => void)[] = [];

  constructor(
    private readonly modules: ModulesContainer,
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(DOWNLOAD_STORAGE) private readonly storage?: Storage,
  ) {}

  /** Checks the `@ObjectDownload()` routes, then binds the file columns of the application's DataSources. */
  async onModuleInit(): Promise<void> {
    const problems: string[] = [];
    for (const { route, options } of this.routes()) {
      if (options.entity && missingTypeOrmPackages().length) {
        const missing = missingTypeOrmPackages().join(' and ');
        problems.push(`${route}: @ObjectDownload({ entity }) needs the optional packages ${missing}: ${TYPEORM_INSTALL}`);
        continue;
      }
      try {
        const resolver = await this.resolverFor(options);
        problems.push(...resolver.validate(options).map((problem) => `${route}: ${problem}`));
      } catch (err) {
        problems.push(`${route}: ${(err as Error).message}`);
      }
    }
    if (problems.length) throw new Error(`@ObjectDownload(): invalid routes:\n- ${problems.join('\n- ')}`);
    this.bindDataSources();
  }

  /** Releases the binding of the application's DataSources (called when listed as a provider). */
  onApplicationShutdown(): void {
    for (const release of this.releases) release();
    this.releases = [];
  }

  /**
   * Binds the `@FileColumn()` files of every DataSource of the application
   * to its module's storage; a module without a storage binds nothing (such
   * files fail on use, saying why). Runs once, however often it is called.
   */
  private bindDataSources(): void {
    if (!this.storage || this.releases.length) return;
    for (const dataSource of applicationDataSources(this.modules)) {
      this.releases.push(bindFileColumns(dataSource, this.storage));
    }
  }

  /** Whether the handler of this download is an `@ObjectDownload()` route. */
  handles(download: DownloadContext): boolean {
    return this.optionsOf(download.handler) !== undefined;
  }

  /** The file of an `@ObjectDownload()` route, or null (404). */
  async toFile(result: unknown, download: DownloadContext): Promise<DownloadFile | null> {
    const options = this.optionsOf(download.handler)!;
    const resolver = await this.resolverFor(options);
    return resolver.resolve(result, { ...options, fileField: download.options.fileField ?? options.fileField }, download);
  }

  /** The route's `@ObjectDownload()` options, read once per handler (asked on every download). */
  private optionsOf(handler: unknown): ObjectDownloadOptions | undefined {
    if (typeof handler !== 'function') return undefined;
    let options = this.handlerOptions.get(handler);
    if (options === undefined) {
      options = (Reflect.getMetadata(OBJECT_DOWNLOAD_METADATA, handler) as ObjectDownloadOptions | undefined) ?? null;
      this.handlerOptions.set(handler, options);
    }
    return options ?? undefined;
  }

  /** The route's resolver: the registered provider, or one created for the application. */
  private resolverFor(options: ObjectDownloadOptions): Promise<ObjectLookup> {
    const type = options.resolver ?? ObjectDownloadResolver;
    let resolver = this.resolvers.get(type);
    if (!resolver) {
      resolver = this.findOrCreate(type);
      resolver.catch(() => this.resolvers.delete(type));
      this.resolvers.set(type, resolver);
    }
    return resolver;
  }

  private async findOrCreate(type: Type<ObjectLookup>): Promise<ObjectLookup> {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return this.moduleRef.create(type);
    }
  }

  /** Every controller method carrying `@ObjectDownload()`, named `Controller.method`. */
  private *routes(): Generator<{ route: string; options: ObjectDownloadOptions }> {
    for (const module of this.modules.values()) {
      for (const wrapper of module.controllers.values()) {
        const prototype = (wrapper.metatype as Type | null)?.prototype;
        if (!prototype) continue;
        for (const name of methodNames(prototype)) {
          const options = this.optionsOf(prototype[name]);
          if (options) yield { route: `${wrapper.name}.${name}`, options };
        }
      }
    }
  }
}
