import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startNodeServer } from '../servers/node-server.process';
import { startS3Process, type S3ServerProcess } from '../scenarios/s3.scenario';

/*
 * P1-S3 A/B (docs/performance.md, the S3 rows): the 100 MiB object through
 * the library's S3Storage route vs the hand-written GetObject pipe of the
 * same app (servers/apps/s3.app.ts), on both adapters. Each round downloads
 * it through both routes in a shuffled order (`--concurrency` downloads at
 * once, 8 like the bench's load tool); the CPU time of the app process and
 * of the s3rver process is read from /proc around each download. CPU per
 * MiB is the figure to trust on a busy machine; MiB/s is printed too.
 *
 *   npm run bench:s3-ab [-- --rounds 20 --concurrency 8]
 */
const OBJECT = 'hundred-mib.bin';
const SIZE = 100 * 1024 * 1024;
const ROUTES = { library: '/files/', hand: '/hand/files/' } as const;
type Route = keyof typeof ROUTES;

/** CPU time of every thread of `pid`, in ns (schedstat: finer than the ticks of /proc/<pid>/stat). */
function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return total;
}

function download(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 && bytes === SIZE ? resolve(bytes) : reject(new Error(`${path}: ${res.statusCode}, ${bytes} B`))));
    }).on('error', reject);
  });
}

async function measure(adapter: 'express' | 'fastify', s3: S3ServerProcess, dir: string, rounds: number, concurrency: number) {
  const app = await startNodeServer(adapter === 'express' ? 's3-express' : 's3-fastify', dir);
  const totals = Object.fromEntries(Object.keys(ROUTES).map((r) => [r, { app: 0, s3: 0, ns: 0, mib: 0 }])) as Record<Route, { app: number; s3: number; ns: number; mib: number }>;
  const once = async (route: Route) => {
    const [app0, s30, t0] = [cpuNs(app.pid), cpuNs(s3.pid), process.hrtime.bigint()];
    const bytes = (await Promise.all(Array.from({ length: concurrency }, () => download(app.port, ROUTES[route] + OBJECT)))).reduce((a, b) => a + b, 0);
    const ns = Number(process.hrtime.bigint() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the last writes' callbacks
    const total = totals[route];
    total.app += cpuNs(app.pid) - app0;
    total.s3 += cpuNs(s3.pid) - s30;
    total.ns += ns;
    total.mib += bytes / 1024 / 1024;
  };
  try {
    for (const route of Object.keys(ROUTES) as Route[]) await download(app.port, ROUTES[route] + OBJECT); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const route of shuffled(Object.keys(ROUTES) as Route[])) await once(route);
    }
  } finally {
    await app.stop();
  }
  const perMib = (route: Route, ns: number) => ns / 1e3 / totals[route].mib;
  console.log(`\n${adapter}: ${rounds} rounds of ${concurrency} concurrent downloads of the 100 MiB object per route`);
  console.log('| route | app µs CPU/MiB | s3rver µs CPU/MiB | both | MiB/s |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const route of Object.keys(ROUTES) as Route[]) {
    const t = totals[route];
    console.log(`| ${route} | ${perMib(route, t.app).toFixed(0)} | ${perMib(route, t.s3).toFixed(0)} | ${perMib(route, t.app + t.s3).toFixed(0)} | ${(t.mib / (t.ns / 1e9)).toFixed(0)} |`);
  }
  const both = (route: Route) => totals[route].app + totals[route].s3;
  console.log(`library / hand: app CPU ${(totals.library.app / totals.library.mib / (totals.hand.app / totals.hand.mib)).toFixed(3)}, both ${(both('library') / totals.library.mib / (both('hand') / totals.hand.mib)).toFixed(3)}`);
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main() {
  const rounds = option('--rounds', 20);
  const concurrency = option('--concurrency', 8);
  const dir = mkdtempSync(join(tmpdir(), 's3-ab-'));
  writeFileSync(join(dir, OBJECT), randomBytes(SIZE));
  const s3 = await startS3Process(dir, [OBJECT]);
  try {
    for (const adapter of ['express', 'fastify'] as const) await measure(adapter, s3, dir, rounds, concurrency);
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
