import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  Download,
  DownloadModule,
  S3Storage,
  SignatureRequired,
  StorageService,
  UrlSigner,
  WildcardPath,
  XAccelRedirect,
} from 'nestjs-downloadview';

/*
 * One app instance of the scale-out topology (docs/scaling.md), run as its own
 * process by scale-out.e2e-spec.ts: `node -r ./ts-register.js scale-out-instance.child.ts`.
 * Everything it knows comes from its environment, as in production: the
 * instance holds no file and no state of its own.
 */

// docs:start instance
const storage = new S3Storage({
  bucket: process.env.S3_BUCKET!,
  clientConfig: {
    region: process.env.AWS_REGION ?? 'us-east-1',
    endpoint: process.env.S3_ENDPOINT, // an S3-compatible cluster; leave out for AWS
    forcePathStyle: true,
  },
});

@Controller()
class FilesController {
  constructor(
    private readonly storage: StorageService,
    private readonly signer: UrlSigner,
  ) {}

  /** Streamed from the bucket through this instance (Range, HEAD, 304 included). */
  @Get('files/*')
  @Download()
  file(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }

  /** Offloaded: this instance answers an empty 200, nginx fetches the object from the bucket (presigned GET). */
  @Get('offloaded/*')
  @Download()
  @XAccelRedirect({ sourceStorage: storage, destinationUrl: '/s3-objects/' })
  offloaded(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }

  /** A link any instance accepts: they all sign and verify with the same secrets. */
  @Get('links/*')
  link(@WildcardPath() name: string[]) {
    return { url: this.signer.sign(`/signed/${name.map(encodeURIComponent).join('/')}`, { ttl: 300 }) };
  }

  @Get('signed/*')
  @SignatureRequired()
  @Download()
  signed(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }
}

@Module({
  imports: [
    DownloadModule.forRoot({
      storage,
      // The same secrets on every instance: a link signed by one verifies on all.
      signing: { secrets: [process.env.URL_SIGNING_SECRET!] },
    }),
  ],
  controllers: [FilesController],
})
class InstanceModule {}
// docs:end instance

async function main(): Promise<void> {
  const adapter = process.env.ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(InstanceModule, adapter, { logger: ['error'] });
  // Which instance answered, for the test only (not part of the topology).
  const name = process.env.INSTANCE_NAME ?? '?';
  const http = app.getHttpAdapter();
  if (process.env.ADAPTER === 'fastify') {
    (http.getInstance() as import('fastify').FastifyInstance).addHook('onRequest', (_req, reply, done) => {
      reply.raw.setHeader('x-instance', name);
      done();
    });
  } else {
    http.use((_req: unknown, res: import('node:http').ServerResponse, next: () => void) => {
      res.setHeader('x-instance', name);
      next();
    });
  }
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.send?.({ ready: true, pid: process.pid });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
