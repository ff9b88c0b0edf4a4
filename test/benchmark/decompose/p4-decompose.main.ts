import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * P4 decomposition (docs/performance.md, "Where P4's time goes"): what each
 * piece of the library's offloaded answer costs over the hand-written
 * X-Accel-Redirect, in CPU time of the app process per request, on both
 * adapters. The client alternates the routes in batches of 400 requests
 * (8 keep-alive connections), many rounds, so that a busy machine slows
 * every route alike; the app counts its own CPU time per route.
 *
 *   npm run bench:p4-decompose [-- --rounds 40]
 */
const ROUTES = ['library', 'download', 'engine', 'lstat', 'late', 'hand'] as const;
const BATCH = 400;
const CONNECTIONS = 8;

async function measure(adapter: 'express' | 'fastify', rounds: number, filesDir: string) {
  const child: ChildProcess = fork(join(__dirname, 'p4-app.child.js'), [], {
    env: { ...process.env, P4_ADAPTER: adapter, P4_FILES_DIR: filesDir },
  });
  const ask = <T>(message: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (answer) => resolve(answer as T));
      if (message) child.send(message);
    });
  const { port } = await ask<{ port: number }>('');
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const fetchOne = (path: string) =>
    new Promise<void>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 && res.headers['x-accel-redirect'] ? resolve() : reject(new Error(`${path}: ${res.statusCode}`))));
      }).on('error', reject);
    });
  const batch = async (route: string, count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (left-- > 0) await fetchOne(`/${route}/hello.txt`);
      }),
    );
  };
  try {
    for (const route of ROUTES) await batch(route, BATCH); // warm-up
    await ask('reset');
    let last: string = ROUTES[0];
    for (let round = 0; round < rounds; round++) {
      // A new order each round, so that no route always follows the same one.
      for (const route of shuffled(ROUTES)) {
        await batch(route, BATCH);
        last = route;
      }
    }
    const closer = ROUTES.find((route) => route !== last)!;
    await fetchOne(`/${closer}/hello.txt`); // closes the last route's slot
    const { cpu, requests } = await ask<{ cpu: Record<string, number>; requests: Record<string, number> }>('report');
    const perRequest = (route: string) => cpu[route] / (requests[route] - (route === closer ? 1 : 0));
    const hand = perRequest('hand');
    console.log(`\n${adapter}: app CPU per request, ${rounds} rounds of ${BATCH} per route`);
    console.log('| route | µs CPU/req | over hand-written | hand / route |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const route of ROUTES) {
      const us = perRequest(route);
      console.log(`| ${route} | ${us.toFixed(1)} | +${(us - hand).toFixed(1)} | ${(hand / us).toFixed(2)}x |`);
    }
  } finally {
    agent.destroy();
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function main() {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 40;
  const filesDir = mkdtempSync(join(tmpdir(), 'p4-decompose-'));
  writeFileSync(join(filesDir, 'hello.txt'), 'Hello world!\n');
  try {
    for (const adapter of ['express', 'fastify'] as const) await measure(adapter, rounds, filesDir);
  } finally {
    rmSync(filesDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
