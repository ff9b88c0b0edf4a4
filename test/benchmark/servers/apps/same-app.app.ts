import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DownloadModule } from 'nestjs-downloadview';
import { PROTECTED_LOCATION } from '../server-kinds';
import { filesDir } from './files-dir';
import { HandXAccelController, HandXAccelFastifyController } from './hand-xaccel.app';
import { OffloadController } from './offload.app';
import { StreamableController } from './streamable.app';

/*
 * P4 in one application: the library's @Download() offload route
 * (`/files/:name`), the hand-written X-Accel-Redirect handler
 * (`/hand/files/:name`) and Nest's own StreamableFile route
 * (`/streamable/files/:name`, converted and offloaded by the global
 * DownloadInterceptor because its file is under the rule's sourceDir) share
 * one app, one DownloadModule and so the same global interceptor: the ratio
 * library / hand-written is what the library's answer costs over writing the
 * headers by hand in an app that uses the library anyway.
 * The subclasses only move the same handlers to another path.
 */
// docs:start bench-same-app
@Controller('hand/files')
class SameAppHandController extends HandXAccelController {}

@Controller('hand/files')
class SameAppHandFastifyController extends HandXAccelFastifyController {}

@Controller('streamable/files')
class SameAppStreamableController extends StreamableController {}

const offloadModule = () =>
  DownloadModule.forRoot({ backend: 'nginx', rules: [{ sourceDir: filesDir(), destinationUrl: PROTECTED_LOCATION }] });

@Module({ imports: [offloadModule()], controllers: [OffloadController, SameAppHandController, SameAppStreamableController] })
class SameAppBenchModule {}
// docs:end bench-same-app

@Module({ imports: [offloadModule()], controllers: [OffloadController, SameAppHandFastifyController, SameAppStreamableController] })
class SameAppFastifyBenchModule {}

/** The library's route, the hand-written one and a StreamableFile route in one app with DownloadModule (nginx rule). */
export function createSameApp(adapter: 'express' | 'fastify'): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(SameAppBenchModule, new ExpressAdapter(), { logger: false })
    : NestFactory.create(SameAppFastifyBenchModule, new FastifyAdapter(), { logger: false });
}
