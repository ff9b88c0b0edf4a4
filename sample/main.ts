import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ExamplesService } from './home/examples.service';
import { startLocalS3 } from './s3/local-s3';
import { createHttpAdapter, sampleAdapter } from './sample.adapter';

/**
 * Runs the sample: `npm start`, then open the printed URLs.
 * ADAPTER=fastify switches from Express; PORT (default 3000) and HOST
 * (default 127.0.0.1; 0.0.0.0 to listen on every interface) set the address.
 * SAMPLE_S3_ENDPOINT names the S3 server of the s3/ examples; without it a
 * local one is started (the suites' corrected @20minutes/s3rver).
 */
async function bootstrap(): Promise<void> {
  const adapter = sampleAdapter();
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  }
  const host = process.env.HOST || '127.0.0.1';

  // The s3/ examples talk to SAMPLE_S3_ENDPOINT; without one, a local S3 server started here.
  const localS3 = process.env.SAMPLE_S3_ENDPOINT ? undefined : await startLocalS3();
  if (localS3) process.env.SAMPLE_S3_ENDPOINT = localS3.endpoint;
  const { AppModule } = await import('./app.module.js'); // after SAMPLE_S3_ENDPOINT is known

  const app = await NestFactory.create(AppModule, await createHttpAdapter(adapter));
  app.enableShutdownHooks();
  if (localS3) {
    // Stop it (and remove its folder) with the app: on Ctrl-C, SIGTERM or a natural exit.
    for (const event of ['SIGINT', 'SIGTERM', 'beforeExit'] as const) process.once(event, () => void localS3.close());
  }
  await app.listen(port, host);

  const { port: actualPort } = app.getHttpServer().address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const base = `http://${shown}:${actualPort}`;
  const lines = app
    .get(ExamplesService)
    .list()
    .map(({ url, description }) => `  ${base}${url}\n      ${description}`);
  console.log(`\nnestjs-downloadview sample on ${base}/ (${adapter}). Try:\n\n${lines.join('\n')}\n`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
