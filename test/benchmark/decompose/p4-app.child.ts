import 'reflect-metadata';
import { Controller, Get, Module, Param, Res, SetMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import contentDisposition from 'content-disposition';
import * as mime from 'mime-types';
import { lstatSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Download, DownloadModule, PathFile, XAccelRedirect } from 'nestjs-downloadview';

/*
 * Child process of the P4 decomposition (p4-decompose.main.ts): one app
 * (one DownloadModule, one global DownloadInterceptor) whose routes each add
 * one piece of the library's offloaded answer to the hand-written one, so
 * that the difference between two routes is what that piece costs. The
 * process counts its own CPU time per route (the first path segment) and
 * reports it over IPC.
 */
const dir = process.env.P4_FILES_DIR!;
const PROTECTED = '/protected/';
/** `@Download()`'s metadata without the route-level interceptor it applies (a measurement only). */
const DOWNLOAD_OPTIONS_METADATA = 'nestjs-downloadview:download-options';

interface Answer {
  setHeader?(name: string, value: string): void;
  end?(): void;
  header?(name: string, value: string): Answer;
  send?(): void;
}

function handWritten(res: Answer, name: string): void {
  const type = mime.lookup(name) || 'application/octet-stream';
  const disposition = contentDisposition(name);
  const accel = PROTECTED + encodeURIComponent(name);
  if (res.setHeader) {
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', disposition);
    res.setHeader('X-Accel-Redirect', accel);
    res.end!();
  } else {
    res.header!('Content-Type', type).header!('Content-Disposition', disposition).header!('X-Accel-Redirect', accel).send!();
  }
}

@Controller()
class DecomposeController {
  /** The hand-written X-Accel-Redirect answer (the P4 baseline). */
  @Get('hand/:name')
  hand(@Param('name') name: string, @Res() res: Answer) {
    handWritten(res, name);
  }

  /** The same, written after three awaits (the answer leaves the synchronous dispatch). */
  @Get('late/:name')
  async late(@Param('name') name: string, @Res() res: Answer) {
    await null;
    await null;
    await null;
    handWritten(res, name);
  }

  /** The same, after one lstat of the file (what the library's symlink check costs at least). */
  @Get('lstat/:name')
  lstat(@Param('name') name: string, @Res() res: Answer) {
    lstatSync(join(dir, name), { throwIfNoEntry: false });
    handWritten(res, name);
  }

  /** The engine alone: `@Download()` metadata without its route-level interceptor, links allowed (no file-system call). */
  @Get('engine/:name')
  @SetMetadata(DOWNLOAD_OPTIONS_METADATA, {})
  @XAccelRedirect({ sourceDir: dir, destinationUrl: PROTECTED, allowSymlinks: true })
  engine(@Param('name') name: string, @Res() _res: unknown) {
    return new PathFile(name, { root: dir });
  }

  /** `@Download()` (two DownloadInterceptors on the route), links allowed. */
  @Get('download/:name')
  @Download()
  @XAccelRedirect({ sourceDir: dir, destinationUrl: PROTECTED, allowSymlinks: true })
  download(@Param('name') name: string) {
    return new PathFile(name, { root: dir });
  }

  /** The library's default: `@Download()` and the module's rule, symlinks checked (the P4 route). */
  @Get('library/:name')
  @Download()
  library(@Param('name') name: string) {
    return new PathFile(name, { root: dir });
  }
}

@Module({
  imports: [DownloadModule.forRoot({ backend: 'nginx', rules: [{ sourceDir: dir, destinationUrl: PROTECTED }] })],
  controllers: [DecomposeController],
})
class DecomposeModule {}

async function main() {
  const adapter = process.env.P4_ADAPTER === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(DecomposeModule, adapter, { logger: false });
  const cpu: Record<string, number> = {};
  const requests: Record<string, number> = {};
  let current: string | undefined;
  let since = 0;
  const now = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  // First listener of 'request': the client sends one route at a time, so the CPU time
  // between two changes of route is that route's.
  app.getHttpServer().prependListener('request', (req: IncomingMessage) => {
    const route = (req.url ?? '').split('/')[1];
    if (route !== current) {
      const t = now();
      if (current !== undefined) cpu[current] = (cpu[current] ?? 0) + (t - since);
      current = route;
      since = t;
    }
    requests[route] = (requests[route] ?? 0) + 1;
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  process.on('message', (message: string) => {
    if (message === 'reset') {
      for (const key of Object.keys(cpu)) delete cpu[key];
      for (const key of Object.keys(requests)) delete requests[key];
      current = undefined;
      process.send!({ reset: true });
    } else if (message === 'report') {
      process.send!({ cpu, requests });
    } else if (message === 'stop') {
      void app.close().then(() => process.exit(0));
    }
  });
  process.send!({ port });
}

void main();
