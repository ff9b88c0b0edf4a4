import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startExpressSendFile } from './apps/express-sendfile.app';
import { createHandXAccelApp, createHandXAccelFastifyApp } from './apps/hand-xaccel.app';
import { createLibraryApp } from './apps/library.app';
import { createOffloadApp } from './apps/offload.app';
import { createOffloadInHandlerApp } from './apps/offload-in-handler.app';
import { createJsonApp } from './apps/json.app';
import { createSameApp } from './apps/same-app.app';
import { createConvertedStreamableApp, createStreamableApp } from './apps/streamable.app';
import { createS3App } from './apps/s3.app';
import { createZipApp } from './apps/zip.app';
import type { NodeServerKind } from './server-kinds';

/**
 * Child-process entry: starts one bench server on 127.0.0.1:0 and tells the
 * parent its port over IPC. One server per process, so the load tool never
 * shares its thread and its RSS is the server's own.
 */
async function start(kind: NodeServerKind): Promise<Server> {
  if (kind === 'express-sendfile') return startExpressSendFile();
  const app =
    kind === 'library-express' ? await createLibraryApp('express')
    : kind === 'library-fastify' ? await createLibraryApp('fastify')
    : kind === 'streamable-express' ? await createStreamableApp('express')
    : kind === 'streamable-fastify' ? await createStreamableApp('fastify')
    : kind === 'offload-express' ? await createOffloadApp('express')
    : kind === 'offload-fastify' ? await createOffloadApp('fastify')
    : kind === 'offload-in-handler' ? await createOffloadInHandlerApp()
    : kind === 'hand-xaccel' ? await createHandXAccelApp()
    : kind === 'hand-xaccel-fastify' ? await createHandXAccelFastifyApp()
    : kind === 'hand-xaccel-intercepted' ? await createHandXAccelApp(true)
    : kind === 'same-app-express' ? await createSameApp('express')
    : kind === 'same-app-fastify' ? await createSameApp('fastify')
    : kind === 'json-module-express' ? await createJsonApp('express', true)
    : kind === 'json-module-fastify' ? await createJsonApp('fastify', true)
    : kind === 'json-noop-express' ? await createJsonApp('express', false)
    : kind === 'json-noop-fastify' ? await createJsonApp('fastify', false)
    : kind === 'streamable-converted-express' ? await createConvertedStreamableApp('express')
    : kind === 'streamable-converted-fastify' ? await createConvertedStreamableApp('fastify')
    : kind === 'zip-express' ? await createZipApp('express')
    : kind === 'zip-fastify' ? await createZipApp('fastify')
    : kind === 's3-express' ? await createS3App('express')
    : kind === 's3-fastify' ? await createS3App('fastify')
    : kind === 's3-offload-express' ? await createS3App('express', true)
    : kind === 's3-offload-fastify' ? await createS3App('fastify', true)
    : undefined;
  if (!app) throw new Error(`unknown bench server kind ${kind}`);
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer() as Server;
}

start(process.argv[2] as NodeServerKind).then(
  (server) => {
    process.send?.({ ready: true, port: (server.address() as AddressInfo).port });
    process.once('SIGTERM', () => server.close(() => process.exit(0)));
    // The parent going away must not leave a server behind.
    process.once('disconnect', () => process.exit(0));
  },
  (err: unknown) => {
    console.error(`bench server ${process.argv[2]} failed to start:`, err);
    process.exit(1);
  },
);
