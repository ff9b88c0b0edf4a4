import { ConfigurableModuleBuilder, type Type } from '@nestjs/common';
import type { DownloadModuleOptions } from './interfaces/download-module-options.interface';
import { DownloadService } from './views/download.service';

/** Options of `forRoot()` / `forRootAsync()` that shape the module itself. */
export interface DownloadModuleExtras {
  /** Whether the module's exports can be injected everywhere (default `true`). */
  isGlobal?: boolean;
  /** A subclass of DownloadService that answers `@Download()` routes (its hooks: `toFile()`, `serve()`...). */
  service?: Type<DownloadService>;
}

export const {
  ConfigurableModuleClass: ConfigurableDownloadModule,
  MODULE_OPTIONS_TOKEN: DOWNLOAD_MODULE_OPTIONS,
  OPTIONS_TYPE: DOWNLOAD_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: DOWNLOAD_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DownloadModuleOptions>({ moduleName: 'Download' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true, service: undefined } as DownloadModuleExtras, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    // A subclass of DownloadService replaces the module's own (registered after it, so it wins).
    providers: [...(definition.providers ?? []), ...(extras.service ? [{ provide: DownloadService, useClass: extras.service }] : [])],
  }))
  .build();
