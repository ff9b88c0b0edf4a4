import type { ExecutionContext, Type } from '@nestjs/common';

type HttpArgumentsHost = ReturnType<ExecutionContext['switchToHttp']>;
type RpcArgumentsHost = ReturnType<ExecutionContext['switchToRpc']>;
type WsArgumentsHost = ReturnType<ExecutionContext['switchToWs']>;

/**
 * Nest's ExecutionContext of a `@Download()` route, for the hooks that read
 * the handler's metadata or the request (the TypeORM lookup, your own
 * overrides). Made only when something asks for it: the handler answers
 * without Nest's interceptor chain, which would build one per request.
 */
export class DownloadExecutionContext implements ExecutionContext {
  constructor(
    private readonly args: unknown[],
    private readonly controller: Type<unknown>,
    private readonly handler: (...args: unknown[]) => unknown,
  ) {}

  getClass<T = unknown>(): Type<T> {
    return this.controller as Type<T>;
  }

  getHandler(): (...args: unknown[]) => unknown {
    return this.handler;
  }

  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }

  getType<T extends string = 'http'>(): T {
    return 'http' as T;
  }

  switchToHttp(): HttpArgumentsHost {
    const [request, response] = this.args;
    return {
      getRequest: <T>() => request as T,
      getResponse: <T>() => response as T,
      getNext: <T>() => undefined as T,
    };
  }

  switchToRpc(): RpcArgumentsHost {
    throw new Error('A @Download() route is an HTTP route: switchToRpc() has no meaning here');
  }

  switchToWs(): WsArgumentsHost {
    throw new Error('A @Download() route is an HTTP route: switchToWs() has no meaning here');
  }
}
