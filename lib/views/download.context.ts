import type { ExecutionContext, Type } from '@nestjs/common';
import type { DownloadContext } from './download-context.interface';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import { HttpExchange } from '../utils/http-exchange';

/**
 * The DownloadContext of one request. A class with getters on its
 * prototype rather than an object literal with accessors: it is made on
 * every download. The abort signal is made only when asked for.
 */
export class RequestDownloadContext implements DownloadContext {
  readonly http: HttpExchange;
  private abortController?: AbortController;

  constructor(
    readonly options: DownloadOptions,
    /** Nest's own context of the route (the interceptor's). */
    readonly execution: ExecutionContext,
  ) {
    this.http = HttpExchange.of(execution);
  }

  get handler(): (...args: unknown[]) => unknown {
    return this.execution.getHandler() as (...args: unknown[]) => unknown;
  }

  get controller(): Type<unknown> {
    return this.execution.getClass();
  }

  get signal(): AbortSignal {
    return (this.abortController ??= abortWhenClosed(this.http.res)).signal;
  }
}

/** An AbortController aborted when the response closes before it finished (the client went away). */
function abortWhenClosed(res: HttpExchange['res']): AbortController {
  const abort = new AbortController();
  if (res.destroyed && !res.writableFinished) abort.abort();
  else res.once('close', () => res.writableFinished || abort.abort());
  return abort;
}
