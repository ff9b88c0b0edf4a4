import type { ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The Node request and response under Express's or Fastify's objects. */
export interface RawHttp {
  req: IncomingMessage;
  res: ServerResponse;
  /** The adapter's own response object (Express `res` or Fastify `reply`). */
  adapterResponse: unknown;
}

interface FastifyReplyLike {
  raw: ServerResponse;
  hijack(): void;
  getHeaders(): Record<string, string | number | string[] | undefined>;
}

/** Reads the raw request and response of an HTTP execution context. */
export function rawHttp(context: ExecutionContext): RawHttp {
  const http = context.switchToHttp();
  return rawHttpOf(http.getRequest(), http.getResponse());
}

/** The raw Node request and response under the adapter's request and response objects. */
export function rawHttpOf(request: unknown, response: unknown): RawHttp {
  const req = request as { raw?: IncomingMessage } & IncomingMessage;
  const res = response as { raw?: ServerResponse } & ServerResponse;
  return { req: req.raw ?? req, res: res.raw ?? res, adapterResponse: res };
}

/**
 * Prepares the raw response to be written by the library. On Fastify the
 * reply is hijacked (Fastify must not answer again) after copying the
 * headers set on it (CORS, cookies, @Header()) onto the raw response.
 */
export function takeOverResponse({ res, adapterResponse }: RawHttp): void {
  const reply = adapterResponse as Partial<FastifyReplyLike>;
  if (typeof reply.hijack !== 'function' || typeof reply.getHeaders !== 'function') return;
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && !res.hasHeader(name)) res.setHeader(name, value);
  }
  reply.hijack();
}
