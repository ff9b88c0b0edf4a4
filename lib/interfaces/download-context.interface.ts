import type { ExecutionContext } from '@nestjs/common';
import type { RawHttp } from '../utils/http-context.util';
import type { DownloadOptions } from './download-options.interface';

/** Everything the interceptor knows about one download while it serves it. */
export interface DownloadContext {
  /** `@Download()` options merged over the module's defaults. */
  options: DownloadOptions;
  /** The raw Node request and response. */
  http: RawHttp;
  /** Nest's context of the handler (for its metadata, params, guards' results). */
  execution: ExecutionContext;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}
