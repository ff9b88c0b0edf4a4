import type { ExecutionContext, Type } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { DownloadContext } from '../interfaces/download-context.interface';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import type { RawHttp } from '../utils/http-context.util';
import type { DownloadCall } from './download-call.interface';
import { DownloadExecutionContext } from './download-execution.context';

/**
 * The DownloadContext of one call of a `@Download()` handler. A class with
 * getters on its prototype, not an object literal with its own accessors:
 * made on every request, it was a tenth of the library's cost there. The
 * execution context and the abort signal are made only when asked for.
 */
export class CallDownloadContext implements DownloadContext {
  private executionContext?: DownloadExecutionContext;
  private abortController?: AbortController;

  constructor(
    readonly options: DownloadOptions,
    readonly http: RawHttp,
    private readonly call: DownloadCall,
  ) {}

  get handler(): (...args: unknown[]) => unknown {
    return this.call.handler;
  }

  get controller(): Type<unknown> {
    return this.call.controller;
  }

  get execution(): ExecutionContext {
    const { request, response, controller, handler } = this.call;
    // Nest's HTTP arguments: request, response, next (none for a route handler's answer).
    return (this.executionContext ??= new DownloadExecutionContext([request, response, undefined], controller, handler));
  }

  get signal(): AbortSignal {
    return (this.abortController ??= abortWhenClosed(this.http.res)).signal;
  }
}

/** An AbortController aborted when the response closes before it finished (the client went away). */
function abortWhenClosed(res: ServerResponse): AbortController {
  const abort = new AbortController();
  if (res.destroyed && !res.writableFinished) abort.abort();
  else res.once('close', () => res.writableFinished || abort.abort());
  return abort;
}
