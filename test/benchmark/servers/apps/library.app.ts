import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Download, DownloadModule, PathFile } from 'nestjs-downloadview';
import { filesDir } from './files-dir';

/** The library's streamed path: a @Download() handler returning a PathFile. */
// docs:start bench-library
@Controller('files')
class LibraryController {
  @Get(':name')
  @Download()
  get(@Param('name') name: string) {
    return new PathFile(name, { root: filesDir() });
  }
}
// docs:end bench-library

@Module({ imports: [DownloadModule.forRoot({})], controllers: [LibraryController] })
class LibraryBenchModule {}

/** The library on Express or Fastify (no offload rule: every file is streamed). */
export function createLibraryApp(adapter: 'express' | 'fastify'): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(LibraryBenchModule, new ExpressAdapter(), { logger: false })
    : NestFactory.create(LibraryBenchModule, new FastifyAdapter(), { logger: false });
}
