import type { ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface FastifyReplyLike {
  raw: ServerResponse;
  hijack(): void;
  getHeaders(): Record<string, string | number | string[] | undefined>;
}

/**
 * One HTTP exchange as the library writes it, the same on Express and
 * Fastify: the raw Node request and response under the adapter's objects,
 * and the one step that differs, taking the response over from the adapter.
 * Both the streamed and the offloaded answer are written through it.
 */
export class HttpExchange {
  /** The raw Node request. */
  readonly req: IncomingMessage;
  /** The raw Node response. */
  readonly res: ServerResponse;

  constructor(
    /** The adapter's request (Express `req`, Fastify `request`). */
    readonly request: unknown,
    /** The adapter's response (Express `res`, Fastify `reply`). */
    readonly response: unknown,
  ) {
    this.req = (request as { raw?: IncomingMessage }).raw ?? (request as IncomingMessage);
    this.res = (response as { raw?: ServerResponse }).raw ?? (response as ServerResponse);
  }

  /** The exchange of an HTTP execution context. */
  static of(context: ExecutionContext): HttpExchange {
    return new HttpExchange(context.getArgByIndex(0), context.getArgByIndex(1));
  }

  /**
   * Prepares the raw response to be written by the library, right before
   * its head. On Fastify the reply is hijacked (Fastify must not answer
   * again) after copying the headers set on it (CORS, cookies, `@Header()`)
   * onto the raw response; Express writes on the raw response already.
   */
  takeOver(): void {
    const reply = this.response as Partial<FastifyReplyLike>;
    if (typeof reply.hijack !== 'function' || typeof reply.getHeaders !== 'function') return;
    const res = this.res;
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !res.hasHeader(name)) res.setHeader(name, value);
    }
    reply.hijack();
  }
}
