import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  Module,
  type NestInterceptor,
  Param,
  Res,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import contentDisposition from 'content-disposition';
import * as mime from 'mime-types';
import type { ServerResponse } from 'node:http';
import { PROTECTED_LOCATION } from '../server-kinds';

/**
 * The X-Accel-Redirect answer written by hand, as an application would
 * without the library: the same headers the library sends, no look at the
 * file (nginx answers 404 for a missing one). P4 compares the library with it.
 */
// docs:start bench-hand-xaccel
@Controller('files')
export class HandXAccelController {
  @Get(':name')
  get(@Param('name') name: string, @Res() res: ServerResponse) {
    res.setHeader('Content-Type', mime.lookup(name) || 'application/octet-stream');
    res.setHeader('Content-Disposition', contentDisposition(name));
    res.setHeader('X-Accel-Redirect', PROTECTED_LOCATION + encodeURIComponent(name));
    res.end();
  }
}
// docs:end bench-hand-xaccel

@Module({ controllers: [HandXAccelController] })
class HandXAccelBenchModule {}

/** A global interceptor that does nothing: what Nest's interceptor chain alone costs. */
@Injectable()
export class PassThroughInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle();
  }
}

@Module({ controllers: [HandXAccelController], providers: [{ provide: APP_INTERCEPTOR, useClass: PassThroughInterceptor }] })
class InterceptedHandXAccelBenchModule {}

/**
 * The hand-written handler; with `intercepted`, behind a no-op global
 * interceptor, which separates the cost of Nest's interceptor chain (that the
 * library's interceptor pays too) from the library's own work.
 */
export function createHandXAccelApp(intercepted = false): Promise<INestApplication> {
  const module = intercepted ? InterceptedHandXAccelBenchModule : HandXAccelBenchModule;
  return NestFactory.create(module, new ExpressAdapter(), { logger: false });
}

/** The same answer written the Fastify way: headers on the reply, an empty send(). */
@Controller('files')
export class HandXAccelFastifyController {
  @Get(':name')
  get(@Param('name') name: string, @Res() reply: FastifyReplyLike) {
    reply
      .header('Content-Type', mime.lookup(name) || 'application/octet-stream')
      .header('Content-Disposition', contentDisposition(name))
      .header('X-Accel-Redirect', PROTECTED_LOCATION + encodeURIComponent(name))
      .send();
  }
}

/** The part of Fastify's reply the handler uses. */
interface FastifyReplyLike {
  header(name: string, value: string): FastifyReplyLike;
  send(): void;
}

@Module({ controllers: [HandXAccelFastifyController] })
class HandXAccelFastifyBenchModule {}

/** The hand-written answer on Fastify, for the nginx rows of that adapter. */
export function createHandXAccelFastifyApp(): Promise<INestApplication> {
  return NestFactory.create(HandXAccelFastifyBenchModule, new FastifyAdapter(), { logger: false });
}
