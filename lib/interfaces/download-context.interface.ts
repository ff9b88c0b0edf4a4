import type { ExecutionContext, Type } from '@nestjs/common';
import type { RawHttp } from '../utils/http-context.util';
import type { DownloadOptions } from './download-options.interface';

/** Everything the library knows about one download while it serves it. */
export interface DownloadContext {
  /** `@Download()` options merged over the module's defaults. */
  options: DownloadOptions;
  /** The raw Node request and response. */
  http: RawHttp;
  /** The route's handler, as Nest registered it (metadata is read from it). */
  handler: (...args: unknown[]) => unknown;
  /** The route's controller class. */
  controller: Type<unknown>;
  /** Nest's context of the handler (for its metadata, params, guards' results); made on first use. */
  execution: ExecutionContext;
  /** Aborted when the client goes away before the answer is over; made on first use. */
  signal: AbortSignal;
}
