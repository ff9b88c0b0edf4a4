import { Controller, Get, Module, Param, StreamableFile, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { DownloadModule } from 'nestjs-downloadview';
import { filesDir } from './files-dir';

/** What Nest's docs show for a download: a StreamableFile over a read stream. */
// docs:start bench-streamable
@Controller('files')
export class StreamableController {
  @Get(':name')
  get(@Param('name') name: string) {
    const safe = basename(name);
    return new StreamableFile(createReadStream(join(filesDir(), safe)), {
      type: 'application/octet-stream',
      disposition: `attachment; filename="${safe}"`,
    });
  }
}
// docs:end bench-streamable

@Module({ controllers: [StreamableController] })
class StreamableBenchModule {}

/** Nest's own StreamableFile on Express or Fastify, the baseline P1 compares with. */
export function createStreamableApp(adapter: 'express' | 'fastify'): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(StreamableBenchModule, new ExpressAdapter(), { logger: false })
    : NestFactory.create(StreamableBenchModule, new FastifyAdapter(), { logger: false });
}

@Module({ imports: [DownloadModule.forRoot()], controllers: [StreamableController] })
class ConvertedStreamableBenchModule {}

/**
 * The same StreamableFile route in an app that imports DownloadModule (no
 * rule): the global DownloadInterceptor converts the StreamableFile over a
 * whole local file and streams it itself (Range, 304, HEAD).
 */
export function createConvertedStreamableApp(adapter: 'express' | 'fastify'): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(ConvertedStreamableBenchModule, new ExpressAdapter(), { logger: false })
    : NestFactory.create(ConvertedStreamableBenchModule, new FastifyAdapter(), { logger: false });
}
