import type { ExecutionContext, Type } from '@nestjs/common';
import type { HttpExchange } from '../utils/http-exchange';
import type { DownloadOptions } from '../interfaces/download-options.interface';

/** Everything the library knows about one download while it serves it. */
export interface DownloadContext {
  /** `@Download()` options merged over the module's defaults. */
  options: DownloadOptions;
  /** The request and response, raw and as the adapter has them. */
  http: HttpExchange;
  /** The route's handler (metadata is read from it). */
  handler: (...args: unknown[]) => unknown;
  /** The route's controller class. */
  controller: Type<unknown>;
  /** Nest's own context of the route, as interceptors and guards get it. */
  execution: ExecutionContext;
  /** Aborted when the client goes away before the answer is over; made on first use. */
  signal: AbortSignal;
}
