import type { Provider } from '@nestjs/common';
import { DOWNLOAD_CONFIG } from '../download.constants';
import type { OffloadBackend } from './backends/offload-backend.interface';
import { OFFLOAD_BACKEND, OFFLOAD_RULES } from './offload.constants';
import type { CompiledOffloadRule } from './offload-rules';
import { OffloadService } from './offload.service';

/**
 * The offload providers of DownloadModule, taken from the validated options (compiled once there)
 * (so `forRootAsync` builds them from ConfigService like everything else):
 * `OFFLOAD_BACKEND`, `OFFLOAD_RULES` and `OffloadService`.
 */
export const offloadProviders: Provider[] = [
  {
    provide: OFFLOAD_BACKEND,
    useFactory: (config: { offloadBackend?: OffloadBackend }) => config.offloadBackend,
    inject: [DOWNLOAD_CONFIG],
  },
  {
    provide: OFFLOAD_RULES,
    useFactory: (config: { offloadRules: readonly CompiledOffloadRule[] }) => config.offloadRules,
    inject: [DOWNLOAD_CONFIG],
  },
  OffloadService,
];
