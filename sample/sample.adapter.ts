import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';

export type SampleAdapter = 'express' | 'fastify';

/** Reads `ADAPTER` (default `express`); anything else is refused. */
export function sampleAdapter(value = process.env.ADAPTER): SampleAdapter {
  const name = (value || 'express').toLowerCase();
  if (name !== 'express' && name !== 'fastify') {
    throw new Error(`ADAPTER must be "express" or "fastify", got ${JSON.stringify(value)}`);
  }
  return name;
}

/** The HTTP adapter; Fastify's is loaded only when asked for. */
export async function createHttpAdapter(name: SampleAdapter): Promise<AbstractHttpAdapter> {
  if (name === 'express') return new ExpressAdapter();
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  return new FastifyAdapter();
}
