import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { DOWNLOAD_CONFIG } from '../download.constants';
import { DOWNLOAD_MODULE_OPTIONS } from '../download.module-definition';
import { DownloadModule } from '../download.module';
import { validateDownloadOptions } from '../download-module-options.validator';
import type { DownloadModuleOptions } from '../download-module-options.interface';

/** Options of `createDownloadTestingModule()`. */
export interface DownloadTestingModuleOptions extends ModuleMetadata {
  /**
   * Adds `DownloadModule.forRoot(download)` to the imports. Leave it out when
   * `imports` already configure DownloadModule (your AppModule).
   */
  download?: DownloadModuleOptions;
  /** Replaces the configured storage (e.g. a `temporaryMediaRoot().storage`). */
  storage?: DownloadModuleOptions['storage'];
  /** Replaces the configured offload rules (`[]` turns offload off). */
  rules?: DownloadModuleOptions['rules'];
  /** Replaces the configured offload backend. */
  backend?: DownloadModuleOptions['backend'];
  /** Replaces any other module option (signing, defaults...). */
  override?: Partial<DownloadModuleOptions>;
}

/**
 * `Test.createTestingModule()` with DownloadModule, whose storage, rules or
 * other options a test replaces, however the app configured them (`forRoot`
 * or `forRootAsync`). The replaced options are validated as at start-up.
 * Answers the builder: chain your own overrides, then `compile()`.
 *
 * @example
 * const moduleRef = await createDownloadTestingModule({
 *   imports: [AppModule],
 *   storage: media.storage,
 *   rules: [{ backend: 'nginx', sourceDir: media.location, destinationUrl: '/protected/' }],
 * }).compile();
 */
export function createDownloadTestingModule(options: DownloadTestingModuleOptions = {}): TestingModuleBuilder {
  const { download, storage, rules, backend, override, imports = [], ...metadata } = options;
  const builder = Test.createTestingModule({
    ...metadata,
    imports: download ? [DownloadModule.forRoot(download), ...imports] : imports,
  });
  const replaced: Partial<DownloadModuleOptions> = { ...override };
  if (storage !== undefined) replaced.storage = storage;
  if (rules !== undefined) replaced.rules = rules;
  if (backend !== undefined) replaced.backend = backend;
  if (Object.keys(replaced).length === 0) return builder;
  return builder.overrideProvider(DOWNLOAD_CONFIG).useFactory({
    factory: (configured: DownloadModuleOptions) => validateDownloadOptions({ ...configured, ...replaced }),
    inject: [DOWNLOAD_MODULE_OPTIONS],
  });
}
