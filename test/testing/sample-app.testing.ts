import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModuleBuilder } from '@nestjs/testing';
import type { TestResponse } from 'nestjs-downloadview/testing';
import request from 'supertest';
import type { AdapterName } from '../support/test-app.factory';

/** A started app and a GET that answers a supertest (Express) or inject() (Fastify) response. */
export interface SampleApp {
  app: INestApplication;
  get(url: string, headers?: Record<string, string>): Promise<TestResponse>;
}

// docs:start start-app
/**
 * Compiles a testing module and starts it on one adapter. Express answers
 * through supertest, Fastify through `inject()`: the assertion helpers read both.
 */
export async function startApp(adapter: AdapterName, builder: TestingModuleBuilder): Promise<SampleApp> {
  const moduleRef = await builder.compile();
  if (adapter === 'express') {
    const app = await moduleRef.createNestApplication(new ExpressAdapter(), { logger: false }).init();
    return { app, get: (url, headers = {}) => request(app.getHttpServer()).get(url).set(headers) };
  }
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, get: (url, headers = {}) => app.inject({ method: 'GET', url, headers }) };
}
// docs:end start-app
