import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import contentDisposition from 'content-disposition';
import * as mime from 'mime-types';
import type { ServerResponse } from 'node:http';
import { lastValueFrom, of } from 'rxjs';
import { Download, DownloadInterceptor, DownloadModule, DownloadResponse, DownloadService, OffloadService, PathFile } from 'nestjs-downloadview';
import { filesDir } from '../servers/apps/files-dir';
import { PROTECTED_LOCATION } from '../servers/server-kinds';

/**
 * Child-process entry of the decision scenario: the three ways of making
 * the X-Accel-Redirect answer of the throughput rows, called in a loop on a
 * response that only records its headers (no HTTP, no socket), so that what
 * is left is the JavaScript each one runs per request. Prints JSON.
 * The `@Download()` route is called as Nest calls it since the global
 * DownloadInterceptor: the handler, then the interceptor that DownloadModule
 * registers, on an HTTP ExecutionContext (Nest's own interceptor chain around
 * it is not counted; the HTTP rows show it).
 */
@Controller('files')
class DecisionController {
  constructor(private readonly offloads: OffloadService) {}

  /** The library's route, as in the throughput rows. */
  @Get(':name')
  @Download()
  library(@Param('name') name: string) {
    return new PathFile(name, { root: filesDir() });
  }

  /** The library's decision from a plain handler (the "decision" row). */
  async decision(name: string, res: ServerResponse) {
    const proxied = await this.offloads.createResponse(new DownloadResponse(new PathFile(name, { root: filesDir() })));
    proxied!.write(res);
  }

  /** The hand-written answer (hand-xaccel.app.ts). */
  hand(name: string, res: ServerResponse) {
    res.setHeader('Content-Type', mime.lookup(name) || 'application/octet-stream');
    res.setHeader('Content-Disposition', contentDisposition(name));
    res.setHeader('X-Accel-Redirect', PROTECTED_LOCATION + encodeURIComponent(name));
    res.end();
  }
}

@Module({
  imports: [DownloadModule.forRoot({ backend: 'nginx', rules: [{ sourceDir: filesDir(), destinationUrl: PROTECTED_LOCATION }] })],
  controllers: [DecisionController],
})
class DecisionModule {}

/** A response that records what is set on it, as little as the three need. */
function recordingResponse(): ServerResponse {
  const headers: Record<string, unknown> = {};
  const res = {
    headersSent: false,
    destroyed: false,
    writableFinished: false,
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name],
    hasHeader: (name: string) => name in headers,
    writeHead(status: number, more: Record<string, unknown>) {
      Object.assign(headers, more);
      res.headersSent = true;
    },
    end() {
      res.writableFinished = true;
    },
    once: () => undefined,
    on: () => undefined,
  };
  return res as unknown as ServerResponse;
}

async function main(): Promise<void> {
  const [name, callsArg, roundsArg] = process.argv.slice(2);
  const calls = Number(callsArg);
  const rounds = Number(roundsArg);
  const app = await NestFactory.createApplicationContext(DecisionModule, { logger: false });
  const controller = app.get(DecisionController);
  const request = { method: 'GET', headers: {} };
  const interceptor = new DownloadInterceptor(app.get(DownloadService), 'global');
  const library = (res: ServerResponse) => {
    const context = new ExecutionContextHost([request, res, undefined], DecisionController, controller.library);
    context.setType('http');
    return lastValueFrom(interceptor.intercept(context, { handle: () => of(controller.library(name)) }));
  };
  const ways: Record<string, () => unknown> = {
    hand: () => controller.hand(name, recordingResponse()),
    decision: () => controller.decision(name, recordingResponse()),
    library: () => library(recordingResponse()),
  };
  const check = recordingResponse();
  await library(check);
  if (!check.headersSent) throw new Error('the @Download() route did not answer');
  const micros: Record<string, number[]> = { hand: [], decision: [], library: [] };
  for (let round = -1; round < rounds; round++) {
    const order = Object.keys(ways);
    if (round % 2) order.reverse();
    for (const way of order) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) await ways[way]();
      const elapsed = Number(process.hrtime.bigint() - started) / 1000 / calls;
      if (round >= 0) micros[way].push(elapsed); // round -1 warms the JIT up
    }
  }
  await app.close();
  process.stdout.write(JSON.stringify(micros));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
