import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DownloadModule } from 'nestjs-downloadview';
import { PassThroughInterceptor } from './hand-xaccel.app';

/**
 * P8: what importing DownloadModule costs a route that has nothing to do
 * with files. The same small JSON answer, in an app that imports
 * `DownloadModule.forRoot()` (its global DownloadInterceptor looks at every
 * route's result and lets this one pass) and in one with a no-op global
 * interceptor instead (Nest's interceptor chain alone, which any global
 * interceptor pays).
 */
// docs:start bench-json
@Controller('files')
class JsonController {
  @Get(':name')
  get(@Param('name') name: string) {
    return { name, ok: true, size: name.length };
  }
}

@Module({ imports: [DownloadModule.forRoot()], controllers: [JsonController] })
class JsonWithDownloadModule {}

@Module({ controllers: [JsonController], providers: [{ provide: APP_INTERCEPTOR, useClass: PassThroughInterceptor }] })
class JsonWithNoopInterceptorModule {}
// docs:end bench-json

export function createJsonApp(adapter: 'express' | 'fastify', withDownloadModule: boolean): Promise<INestApplication> {
  const module = withDownloadModule ? JsonWithDownloadModule : JsonWithNoopInterceptorModule;
  return adapter === 'express'
    ? NestFactory.create(module, new ExpressAdapter(), { logger: false })
    : NestFactory.create(module, new FastifyAdapter(), { logger: false });
}
