import type { Provider } from '@nestjs/common';
import { DOWNLOAD_CONFIG } from '../download.constants';
import type { DownloadModuleOptions } from '../interfaces/download-module-options.interface';
import { OFFLOAD_BACKEND, OFFLOAD_RULES } from './offload.constants';
import { compileOffloadRules } from './offload-rule.validator';
import { OffloadService } from './offload.service';

/**
 * The offload providers of DownloadModule, built from the validated options
 * (so `forRootAsync` builds them from ConfigService like everything else):
 * `OFFLOAD_BACKEND`, `OFFLOAD_RULES` and `OffloadService`.
 */
export const offloadProviders: Provider[] = [
  {
    provide: OFFLOAD_BACKEND,
    useFactory: (config: DownloadModuleOptions) => compileOffloadRules(config.rules, config.backend).backend,
    inject: [DOWNLOAD_CONFIG],
  },
  {
    provide: OFFLOAD_RULES,
    useFactory: (config: DownloadModuleOptions) => compileOffloadRules(config.rules, config.backend).rules,
    inject: [DOWNLOAD_CONFIG],
  },
  OffloadService,
];
