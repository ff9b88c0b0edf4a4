import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

export type AdapterName = 'express' | 'fastify';

/** Every e2e behaviour runs on both HTTP adapters. */
export const ADAPTERS: AdapterName[] = ['express', 'fastify'];

/**
 * Builds, initialises and starts (on a free loopback port) a Nest app on the
 * given adapter. Close it with `app.close()`.
 */
export async function createTestApp(
  adapter: AdapterName,
  metadata: ModuleMetadata,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app =
    adapter === 'express'
      ? moduleRef.createNestApplication(new ExpressAdapter(), { logger: false })
      : moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Base URL of a started app. */
export async function appUrl(app: INestApplication): Promise<string> {
  const url = await app.getUrl();
  return url.replace('[::1]', '127.0.0.1');
}
