import type { Type } from '@nestjs/common';

/** One call of a `@Download()` handler, as its wrapper hands it to DownloadService. */
export interface DownloadCall {
  /** The handler Nest registered (the wrapper, which carries the route's metadata). */
  handler: (...args: unknown[]) => unknown;
  /** The controller class. */
  controller: Type<unknown>;
  /** Every argument Nest passed, the request and response included. */
  args: unknown[];
  /** The adapter's request (Express `req`, Fastify `request`). */
  request: unknown;
  /** The adapter's response (Express `res`, Fastify `reply`). */
  response: unknown;
}
