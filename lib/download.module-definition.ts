import { ConfigurableModuleBuilder, type Provider, type Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DOWNLOAD_FILE_RESOLVERS } from './download.constants';
import { DownloadInterceptor } from './interceptors/download.interceptor';
import type { DownloadModuleOptions } from './download-module-options.interface';
import { fileResolverProviders } from './views/file-resolvers.provider';
import { DownloadService } from './views/download.service';
import type { FileResolver } from './views/file-resolver.interface';

/** Options of `forRoot()` / `forRootAsync()` that shape the module itself. */
export interface DownloadModuleExtras {
  /** Whether the module's exports can be injected everywhere (default `true`). */
  isGlobal?: boolean;
  /** A subclass of DownloadService that answers downloads (its hooks: `toFile()`, `serve()`...). */
  service?: Type<DownloadService>;
  /**
   * Register DownloadInterceptor for every route of the app (default `true`):
   * any route that returns a file wrapper or a StreamableFile over a file is
   * served. `false`: only `@Download()` routes are, each by its own interceptor.
   */
  globalInterceptor?: boolean;
  /** FileResolvers asked first for every download (providers of this module). */
  resolvers?: Type<FileResolver>[];
}

export const {
  ConfigurableModuleClass: ConfigurableDownloadModule,
  MODULE_OPTIONS_TOKEN: DOWNLOAD_MODULE_OPTIONS,
  OPTIONS_TYPE: DOWNLOAD_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: DOWNLOAD_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DownloadModuleOptions>({ moduleName: 'Download' })
  .setClassMethodName('forRoot')
  .setExtras(
    { isGlobal: true, service: undefined, globalInterceptor: true, resolvers: [] } as DownloadModuleExtras,
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
      providers: [...(definition.providers ?? []), ...extraProviders(extras)],
    }),
  )
  .build();

function extraProviders({ service, globalInterceptor = true, resolvers = [] }: DownloadModuleExtras): Provider[] {
  const providers: Provider[] = fileResolverProviders(resolvers);
  // A subclass of DownloadService replaces the module's own (registered after it, so it wins).
  if (service) providers.push({ provide: DownloadService, useClass: service });
  if (globalInterceptor !== false) {
    providers.push({
      provide: APP_INTERCEPTOR,
      useFactory: (downloads: DownloadService) => new DownloadInterceptor(downloads, 'global'),
      inject: [DownloadService],
    });
  }
  return providers;
}

export { DOWNLOAD_FILE_RESOLVERS };
