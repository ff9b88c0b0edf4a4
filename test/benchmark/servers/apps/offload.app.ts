import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Download, DownloadModule, PathFile } from 'nestjs-downloadview';
import { PROTECTED_LOCATION } from '../server-kinds';
import { filesDir } from './files-dir';

/** The same handler as the streamed one; a rule hands its files to nginx. */
@Controller('files')
export class OffloadController {
  @Get(':name')
  @Download()
  get(@Param('name') name: string) {
    return new PathFile(name, { root: filesDir() });
  }
}

// docs:start bench-offload-module
@Module({
  imports: [
    DownloadModule.forRoot({
      backend: 'nginx',
      rules: [{ sourceDir: filesDir(), destinationUrl: PROTECTED_LOCATION }],
    }),
  ],
  controllers: [OffloadController],
})
// docs:end bench-offload-module
class OffloadBenchModule {}

/** The library answering X-Accel-Redirect through its nginx backend and a rule, on either adapter. */
export function createOffloadApp(adapter: 'express' | 'fastify'): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(OffloadBenchModule, new ExpressAdapter(), { logger: false })
    : NestFactory.create(OffloadBenchModule, new FastifyAdapter(), { logger: false });
}
