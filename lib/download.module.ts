import { type DynamicModule, Module, type NestModule, type Provider } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { quietWildcardRoutes } from './decorators/wildcard-routes';
import { DOWNLOAD_CONFIG, DOWNLOAD_STORAGE } from './download.constants';
import { ConfigurableDownloadModule, DOWNLOAD_MODULE_OPTIONS, type DOWNLOAD_OPTIONS_TYPE } from './download.module-definition';
import { type DownloadConfig, validateDownloadOptions } from './download-module-options.validator';
import type { DownloadModuleOptions } from './download-module-options.interface';
import { OFFLOAD_BACKEND, OFFLOAD_RULES } from './optimizations/offload.constants';
import { offloadProviders } from './optimizations/offload.providers';
import { OffloadService } from './optimizations/offload.service';
import { UrlSigner } from './signing/url-signer.service';
import { StorageService } from './storage/storage.service';
import { DownloadService } from './views/download.service';

const providers: Provider[] = [
  {
    provide: DOWNLOAD_CONFIG,
    useFactory: (options: DownloadModuleOptions) => validateDownloadOptions(options),
    inject: [DOWNLOAD_MODULE_OPTIONS],
  },
  {
    provide: DOWNLOAD_STORAGE,
    useFactory: (config: DownloadConfig) => config.storage,
    inject: [DOWNLOAD_CONFIG],
  },
  StorageService,
  UrlSigner,
  ...offloadProviders,
  DownloadService,
];

/**
 * Registers DownloadInterceptor globally (it turns what routes return into
 * downloads, offloaded or streamed) and provides DownloadService, the
 * offload rules and StorageService.
 *
 * @example
 * DownloadModule.forRoot({ storage: new FileSystemStorage({ location: MEDIA_ROOT, baseUrl: '/media/' }) })
 */
@Module({
  providers,
  exports: [DownloadService, StorageService, UrlSigner, DOWNLOAD_CONFIG, DOWNLOAD_STORAGE, OffloadService, OFFLOAD_BACKEND, OFFLOAD_RULES],
})
export class DownloadModule extends ConfigurableDownloadModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
  ) {
    super();
  }

  /**
   * Runs once the HTTP adapter is known, before Nest registers the routes:
   * `@WildcardPath()` routes reach Express without a LegacyRouteConverter
   * warning each (see quietWildcardRoutes()).
   */
  configure(): void {
    quietWildcardRoutes(this.adapterHost.httpAdapter, this.modules);
  }

  /** Every option is optional: `DownloadModule.forRoot()` serves with the defaults. */
  static override forRoot(options: typeof DOWNLOAD_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
