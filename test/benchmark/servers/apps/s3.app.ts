import { Controller, Get, Inject, Module, Param, StreamableFile, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { Download, DownloadModule, S3Storage, StorageService } from 'nestjs-downloadview';
import { S3_ENV } from '../server-kinds';

/** The bench's S3 server, from the environment the harness sets (see s3.scenario.ts). */
function s3Settings() {
  const endpoint = process.env[S3_ENV.endpoint];
  const bucket = process.env[S3_ENV.bucket];
  if (!endpoint || !bucket) throw new Error(`${S3_ENV.endpoint} / ${S3_ENV.bucket} are not set: start the bench servers through the harness`);
  return { endpoint, bucket };
}

/** One client per app, shared by both routes (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
function createClient(): S3Client {
  return new S3Client({ region: 'us-east-1', endpoint: s3Settings().endpoint, forcePathStyle: true });
}

const S3_CLIENT = 'BENCH_S3_CLIENT';

/** The library's S3 route: StorageService over S3Storage, one HeadObject and one GetObject per download. */
// docs:start bench-s3-library
@Controller('files')
class S3LibraryController {
  constructor(private readonly storage: StorageService) {}

  @Get(':name')
  @Download()
  get(@Param('name') name: string) {
    return this.storage.file(name);
  }
}
// docs:end bench-s3-library

/**
 * The natural alternative written by hand: GetObject, its body piped into
 * the response as a StreamableFile (Nest's own way to send a stream).
 */
// docs:start bench-s3-hand
@Controller('hand/files')
class S3HandController {
  constructor(@Inject(S3_CLIENT) private readonly client: S3Client) {}

  @Get(':name')
  async get(@Param('name') name: string) {
    const object = await this.client.send(new GetObjectCommand({ Bucket: s3Settings().bucket, Key: name }));
    return new StreamableFile(object.Body as Readable, {
      type: object.ContentType ?? 'application/octet-stream',
      length: object.ContentLength,
      disposition: `attachment; filename="${name}"`,
    });
  }
}
// docs:end bench-s3-hand

/**
 * The storage of the offload app: built from a clientConfig with the endpoint,
 * so that it knows its objectsUrl (the parent generates nginx's location from
 * the same settings).
 */
export function s3OffloadStorage(endpoint: string, bucket: string): S3Storage {
  return new S3Storage({ clientConfig: { region: 'us-east-1', endpoint, forcePathStyle: true }, bucket });
}

/** nginx's internal location for the offloaded objects. */
export const S3_OFFLOAD_LOCATION = '/s3-objects/';

function s3BenchModule(offload: boolean) {
  const client = createClient();
  const { endpoint, bucket } = s3Settings();
  const storage = offload ? s3OffloadStorage(endpoint, bucket) : new S3Storage({ client, bucket });
  @Module({
    imports: [
      DownloadModule.forRoot(
        offload ? { storage, backend: 'nginx', rules: [{ sourceStorage: storage, destinationUrl: S3_OFFLOAD_LOCATION }] } : { storage },
      ),
    ],
    controllers: [S3LibraryController, S3HandController],
    providers: [{ provide: S3_CLIENT, useValue: client }],
  })
  class S3BenchModule {}
  return S3BenchModule;
}

/**
 * Both S3 routes in one app (same module, same global interceptor) on Express
 * or Fastify; with `offload`, the library's route answers with an
 * X-Accel-Redirect to the object (nginx fetches it from S3, P3-S3).
 */
export function createS3App(adapter: 'express' | 'fastify', offload = false): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(s3BenchModule(offload), new ExpressAdapter(), { logger: false })
    : NestFactory.create(s3BenchModule(offload), new FastifyAdapter(), { logger: false });
}
