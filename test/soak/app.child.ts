import 'reflect-metadata';
import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { readdirSync, readlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Download,
  DownloadModule,
  FileSystemStorage,
  HttpFile,
  PathFile,
  StorageService,
  VirtualFile,
} from 'nestjs-downloadview';
import { GENERATED_CHUNKS, generatedChunk, PROTECTED_LOCATION, VIRTUAL_TEXT } from './soak.fixture';

/**
 * Child-process entry of the soak run: one app (argv: adapter, served dir,
 * protected dir, origin URL) with a route per wrapper kind. It reports its
 * port over IPC and, when asked, its open file descriptors, active handles
 * and RSS after garbage collection (run with --expose-gc).
 */
const [adapter, servedDir, protectedDir, origin] = process.argv.slice(2);

@Controller()
class SoakController {
  constructor(private readonly storage: StorageService) {}

  @Get('path/:name')
  @Download()
  path(@Param('name') name: string) {
    return new PathFile(name, { root: servedDir });
  }

  @Get('storage/:name')
  @Download()
  stored(@Param('name') name: string) {
    return this.storage.file(name);
  }

  @Get('virtual/text')
  @Download({ attachment: false })
  text() {
    return new VirtualFile(VIRTUAL_TEXT, { name: 'text.txt' });
  }

  @Get('virtual/generated')
  @Download()
  generated() {
    return new VirtualFile(
      (async function* () {
        for (let index = 0; index < GENERATED_CHUNKS; index++) yield generatedChunk(index);
      })(),
      { name: 'generated.bin' },
    );
  }

  @Get('http/:name')
  @Download()
  remote(@Param('name') name: string) {
    return new HttpFile(`${origin}/${encodeURIComponent(name)}`, { timeout: 10_000 });
  }

  @Get('offload/:name')
  @Download()
  offloaded(@Param('name') name: string) {
    return new PathFile(name, { root: protectedDir });
  }
}

@Module({
  imports: [
    DownloadModule.forRoot({
      storage: new FileSystemStorage({ location: servedDir, baseUrl: '/media/' }),
      backend: 'nginx',
      rules: [{ sourceDir: protectedDir, destinationUrl: PROTECTED_LOCATION }],
    }),
  ],
  controllers: [SoakController],
})
class SoakModule {}

export interface Measure {
  fds: number;
  /** Open descriptors by what they point at: socket, pipe, anon_inode, soak file (under the soak folder), other file. */
  fdKinds: Record<string, number>;
  rss: number;
  heapUsed: number;
  resources: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fdCount = () => readdirSync('/proc/self/fd').length;
const soakRoot = servedDir?.replace(/\/served$/, '/');

function fdKinds(): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the descriptor readdir itself used, closed since
    }
    const kind = /^(socket|pipe|anon_inode):/.exec(target)?.[1] ?? (target.startsWith(soakRoot) ? 'soak file' : 'other file');
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

/**
 * Waits for the fd count to stop moving and, when given, for the open sockets
 * to be down to `sockets` (bounded: 8 s; undici closes a spare connection
 * to the origin after its 4 s keep-alive timeout), collects garbage, then
 * measures.
 */
async function measure(sockets?: number): Promise<Measure> {
  let fds = fdCount();
  for (let same = 0, turn = 0; turn < 400; turn++) {
    if (same >= 10 && (sockets === undefined || (fdKinds().socket ?? 0) <= sockets)) break;
    await pause(20);
    const next = fdCount();
    same = next === fds ? same + 1 : 0;
    fds = next;
  }
  for (let i = 0; i < 4; i++) {
    gc?.();
    await pause(50);
  }
  const resources: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] ?? 0) + 1;
  const memory = process.memoryUsage();
  return { fds: fdCount(), fdKinds: fdKinds(), rss: memory.rss, heapUsed: memory.heapUsed, resources };
}

async function start(): Promise<INestApplication> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(SoakModule, new FastifyAdapter(), { logger: ['error'] })
      : await NestFactory.create(SoakModule, new ExpressAdapter(), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  return app;
}

start().then(
  (app) => {
    const server = app.getHttpServer() as Server;
    process.on('message', (message: { id: number; cmd: string; sockets?: number }) => {
      if (message.cmd === 'measure') {
        measure(message.sockets).then((result) => process.send?.({ id: message.id, result }));
      } else if (message.cmd === 'exit') {
        app.close().then(() => process.exit(0));
      }
    });
    process.once('disconnect', () => process.exit(0));
    process.send?.({ ready: true, port: (server.address() as AddressInfo).port, gc: typeof gc === 'function' });
  },
  (err: unknown) => {
    console.error(`soak app (${adapter}) failed to start:`, err);
    process.exit(1);
  },
);
