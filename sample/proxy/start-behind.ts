// The harness module also exports describeProxy(), typed with Jest's globals;
// nothing of Jest runs here.
/// <reference types="jest" />
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { missingProxyParts, PROXY_SERVERS, type RunningProxy, startProxy } from '../../test/proxies/proxy-server';
import { ExamplesService } from '../home/examples.service';
import { createHttpAdapter, sampleAdapter } from '../sample.adapter';
import { SAMPLE_PROXIES, type SampleProxy, sampleProxyConfig, sampleProxyDirs } from './sample-offload.config';

/**
 * Runs the sample behind a real nginx, Apache, lighttpd or Caddy:
 * `npm run start:nginx` (or `start:apache`, `start:lighttpd`, `start:caddy`). The server's
 * config is generated from the sample's own rules (sampleProxyConfig(), as
 * `npx nestjs-downloadview proxy-config` would) into a temp dir, and
 * SAMPLE_PROXY picks the app's rules for it. Both listen on 127.0.0.1 on free ports. ADAPTER=fastify
 * switches the app from Express. Ctrl-C stops both.
 */
async function main(): Promise<void> {
  const server = process.argv[2] as SampleProxy;
  if (!SAMPLE_PROXIES.includes(server)) throw new Error(`usage: start-behind.js ${SAMPLE_PROXIES.join('|')}`);
  const missing = missingProxyParts(server);
  if (missing.length > 0) {
    throw new Error(
      `${server} cannot run here (missing ${missing.join(', ')}); install the Debian packages ${PROXY_SERVERS[server].packages.join(' ')}`,
    );
  }
  const adapter = sampleAdapter();
  // AppModule's offload rules are for the server in front (sampleOffloadRules()).
  process.env.SAMPLE_PROXY = server;
  const { AppModule } = await import('../app.module.js');
  const app = await NestFactory.create(AppModule, await createHttpAdapter(adapter), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const { port: appPort } = app.getHttpServer().address() as AddressInfo;
  let proxy: RunningProxy;
  try {
    proxy = await startProxy(server, { appPort, dirs: sampleProxyDirs(server), config: (run) => sampleProxyConfig(server, run) });
  } catch (error) {
    await app.close();
    throw error;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await proxy.stop();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const examples = app
    .get(ExamplesService)
    .list()
    .filter(({ url }) => url.startsWith(`/${server}/`))
    .map(({ url, description }) => `  ${proxy.url}${url}\n      ${description}`);
  console.log(
    `\nnestjs-downloadview sample (${adapter}, on 127.0.0.1:${appPort}) behind ${server} on ${proxy.url}/\n` +
      `config: ${proxy.configPath} (removed on exit)\n\n${server} sends these files:\n\n${examples.join('\n')}\n\n` +
      `${server} also sends every other file of the storage (/media/, e.g. ${proxy.url}/storage/files/hello-world.txt);\n` +
      `the other examples of ${proxy.url}/ are streamed by the app through ${server}. Ctrl-C stops both.\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
