import { type ChildProcess, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { parseByteranges } from '../core/support/multipart';
import type { Measure } from './app.child';
import { startOrigin } from './origin';
import { generatedBody, SERVED_FILES, VIRTUAL_TEXT, writeSoakTree } from './soak.fixture';
import { type PlannedRequest, type PlanInputs, planRequests } from './soak.plan';

/**
 * `npm run soak` (10,000 requests per adapter) or `npm run soak -- --short`
 * (1,000, the CI run): mixed requests at concurrency 64 over every wrapper
 * kind, a third aborted at a random point, against the app in a child
 * process, on Express then Fastify. Exits non-zero on any unexpected status
 * or body, or when file descriptors, handles or RSS are not back to their
 * warm baseline. It asserts no speed. See docs/soak.md.
 */
interface Options {
  requests: number;
  warmup: number;
  concurrency: number;
  seed: number;
  /** Largest RSS growth over the warm baseline accepted, in MiB. */
  rssSlackMiB: number;
  adapters: Array<'express' | 'fastify'>;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const short = argv.includes('--short');
  const adapter = value('adapter');
  return {
    requests: Number(value('requests') ?? (short ? 1_000 : 10_000)),
    warmup: Number(value('warmup') ?? (short ? 500 : 1_000)),
    concurrency: Number(value('concurrency') ?? 64),
    seed: Number(value('seed') ?? 14),
    // The short run's 500 warm-up requests leave the allocator still settling: its RSS moved 3-9 MiB with a flat heap.
    rssSlackMiB: Number(value('rss-slack') ?? (short ? 16 : 8)),
    adapters: adapter ? [adapter as 'express' | 'fastify'] : ['express', 'fastify'],
  };
}

/** Past this a request counts as hung (and the run fails); bounds every request. */
const REQUEST_LIMIT_MS = 15_000;
const MiB = 1024 * 1024;

interface Outcome {
  status?: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  complete: boolean;
  /** The client cut it (its planned abort fired before the end). */
  cut: boolean;
  hung: boolean;
  error?: string;
}

/** Sends one planned request; cuts it at its abort point, if any. Never rejects. */
function send(port: number, agent: http.Agent, planned: PlannedRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    let outcome: Omit<Outcome, 'body' | 'complete' | 'hung' | 'cut'> = { headers: {} };
    let cut = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (complete: boolean, extra: Partial<Outcome> = {}) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve({ ...outcome, body: Buffer.concat(chunks), complete, cut, hung: false, ...extra });
    };
    const abort = () => {
      if (settled) return;
      cut = true;
      req.destroy();
      finish(false);
    };
    const req = http.request({ host: '127.0.0.1', port, method: planned.method, path: planned.path, headers: planned.headers, agent }, (res) => {
      outcome = { status: res.statusCode, headers: res.headers };
      if (planned.abort?.point === 'on-headers') return abort();
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (planned.abort?.point === 'mid-body' && received >= planned.abort.at && !res.complete) abort();
      });
      res.on('end', () => finish(res.complete));
      res.on('error', (err) => finish(false, { error: err.message }));
      res.on('close', () => finish(res.complete));
    });
    req.on('error', (err) => finish(false, { error: (err as NodeJS.ErrnoException).code ?? err.message }));
    if (planned.abort?.point === 'before-headers') timers.push(setTimeout(abort, planned.abort.at));
    timers.push(
      setTimeout(() => {
        req.destroy();
        finish(false, { hung: true });
      }, REQUEST_LIMIT_MS),
    );
    req.end();
  });
}

/** Why an outcome is wrong, or undefined when it is what its kind must answer. */
function check(planned: PlannedRequest, outcome: Outcome): string | undefined {
  if (outcome.hung) return `no answer within ${REQUEST_LIMIT_MS} ms`;
  if (outcome.status !== undefined && outcome.status !== planned.status) return `status ${outcome.status}, expected ${planned.status}`;
  if (outcome.cut) return undefined; // cut by the client: only its status (if any) is checked
  if (!outcome.complete) return `connection cut by the server after ${outcome.body.length} bytes (${outcome.error ?? 'no error'})`;
  const { expected } = planned;
  const length = outcome.headers['content-length'];
  switch (expected.kind) {
    case 'bytes':
      if (!outcome.body.equals(expected.body)) return `body of ${outcome.body.length} bytes differs from the expected ${expected.body.length}`;
      if (length !== undefined && Number(length) !== outcome.body.length) return `Content-Length ${length} for ${outcome.body.length} bytes`;
      return undefined;
    case 'multipart': {
      const parts = parseByteranges(outcome.body, String(outcome.headers['content-type']));
      if (parts.length !== expected.parts.length || parts.some((part, i) => !part.body.equals(expected.parts[i]))) return 'multipart parts differ';
      return undefined;
    }
    case 'empty':
      if (outcome.body.length !== 0) return `${outcome.body.length} body bytes, expected none`;
      if (expected.length !== undefined && Number(length) !== expected.length) return `Content-Length ${length}, expected ${expected.length}`;
      if (expected.header && outcome.headers[expected.header[0]] !== expected.header[1]) {
        return `${expected.header[0]}: ${outcome.headers[expected.header[0]]}, expected ${expected.header[1]}`;
      }
      return undefined;
    case 'any':
      return undefined;
  }
}

interface BatchResult {
  requests: number;
  aborted: number;
  /** Requests planned to be aborted (some end before their abort point). */
  plannedAborts: number;
  completed: number;
  bytes: number;
  failures: string[];
  ms: number;
  byKind: Map<string, number>;
}

/** Runs `plan` at `concurrency`, on one keep-alive agent destroyed at the end. */
async function runBatch(port: number, plan: PlannedRequest[], concurrency: number): Promise<BatchResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const result: BatchResult = { requests: 0, aborted: 0, plannedAborts: 0, completed: 0, bytes: 0, failures: [], ms: 0, byKind: new Map() };
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const planned = plan[next++];
      const outcome = await send(port, agent, planned);
      result.requests++;
      result.byKind.set(planned.label, (result.byKind.get(planned.label) ?? 0) + 1);
      if (planned.abort) result.plannedAborts++;
      if (outcome.cut) result.aborted++;
      else if (outcome.complete) result.completed++;
      result.bytes += outcome.body.length;
      const failure = check(planned, outcome);
      if (failure) result.failures.push(`#${planned.index} ${planned.method} ${planned.path} ${JSON.stringify(planned.headers)} (${planned.label}): ${failure}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  result.ms = Date.now() - started;
  return result;
}

/** The app of one adapter in a child process, measured over IPC. */
class AppProcess {
  private ids = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(adapter: string, args: string[]): Promise<AppProcess> {
    const child = fork(join(__dirname, 'app.child.js'), [adapter, ...args], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${adapter} app did not start within 30 s`)), 30_000);
      child.once('exit', (code) => reject(new Error(`${adapter} app exited (${code}) before it listened`)));
      child.once('message', (message: { ready: boolean; port: number; gc: boolean }) => {
        clearTimeout(timer);
        if (!message.gc) reject(new Error('the app process has no global.gc (--expose-gc)'));
        resolve(new AppProcess(child, message.port));
      });
    });
  }

  /** Measures the app once its fds settled (and its sockets are down to `sockets`, if given). */
  measure(sockets?: number): Promise<Measure> {
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no measure within 20 s')), 20_000);
      const onMessage = (message: { id: number; result: Measure }) => {
        if (message.id !== id) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(message.result);
      };
      this.child.on('message', onMessage);
      this.child.send({ id, cmd: 'measure', sockets });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ cmd: 'exit' });
    });
  }
}

/** The app's ETag for each served file, from one plain GET each. */
async function learnEtags(port: number): Promise<Map<string, string>> {
  const agent = new http.Agent({ keepAlive: false });
  const etags = new Map<string, string>();
  for (const name of Object.keys(SERVED_FILES)) {
    const planned: PlannedRequest = { index: -1, label: 'etag', method: 'GET', path: `/path/${name}`, headers: {}, status: 200, expected: { kind: 'any' } };
    const outcome = await send(port, agent, planned);
    const etag = outcome.headers.etag;
    if (outcome.status !== 200 || typeof etag !== 'string') throw new Error(`GET /path/${name} answered ${outcome.status} without an ETag`);
    etags.set(name, etag);
  }
  agent.destroy();
  return etags;
}

/** Handle kinds (`getActiveResourcesInfo()`) more numerous after the run than at the baseline. */
function grownResources(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.entries(after)
    .filter(([name, count]) => count > (before[name] ?? 0))
    .map(([name, count]) => `${name} ${before[name] ?? 0} → ${count}`);
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const tree = writeSoakTree();
  const origin = await startOrigin(tree.contents);
  let failed = false;
  const started = Date.now();
  console.log(
    `soak: ${options.requests} requests per adapter (after ${options.warmup} warm-up), concurrency ${options.concurrency}, seed ${options.seed}, RSS slack ${options.rssSlackMiB} MiB`,
  );
  try {
    for (const adapter of options.adapters) {
      const app = await AppProcess.start(adapter, [tree.served, tree.protectedDir, origin.url]);
      try {
        const cold = await app.measure();
        const inputs: PlanInputs = {
          contents: tree.contents,
          virtualText: Buffer.from(VIRTUAL_TEXT),
          generated: generatedBody(),
          etags: await learnEtags(app.port),
        };
        const warm = await runBatch(app.port, planRequests(options.warmup, options.seed + 1, inputs), options.concurrency);
        origin.closeIdle();
        const idleSockets = cold.fdKinds.socket ?? 0;
        const baseline = await app.measure(idleSockets);
        const run = await runBatch(app.port, planRequests(options.requests, options.seed, inputs), options.concurrency);
        origin.closeIdle();
        const after = await app.measure(idleSockets);

        const problems = [...warm.failures.map((f) => `warm-up ${f}`), ...run.failures];
        if (after.fds > baseline.fds) problems.push(`file descriptors: ${baseline.fds} at the baseline, ${after.fds} after`);
        if ((after.fdKinds.socket ?? 0) > idleSockets) problems.push(`sockets: ${after.fdKinds.socket} open after the run, ${idleSockets} before the first request`);
        if (after.fdKinds['soak file']) problems.push(`${after.fdKinds['soak file']} served file(s) still open after the run`);
        const grown = grownResources(baseline.resources, after.resources);
        if (grown.length) problems.push(`active handles grew: ${grown.join(', ')}`);
        const rssGrowth = after.rss - baseline.rss;
        if (rssGrowth > options.rssSlackMiB * MiB) problems.push(`RSS grew by ${mib(rssGrowth)} (more than ${options.rssSlackMiB} MiB)`);

        console.log(
          [
            `${adapter}: ${run.requests} requests in ${(run.ms / 1000).toFixed(1)} s (${Math.round(run.requests / (run.ms / 1000))} req/s, ${mib(run.bytes)} received)`,
            `  ${run.aborted} aborted by the client (${run.plannedAborts} planned), ${run.completed} completed and checked byte for byte, ${run.failures.length} unexpected`,
            `  kinds: ${[...run.byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
            `  file descriptors: ${cold.fds} before the first request, ${baseline.fds} at the warm baseline, ${after.fds} after (${JSON.stringify(baseline.fdKinds)} → ${JSON.stringify(after.fdKinds)})`,
            `  active handles: ${JSON.stringify(baseline.resources)} → ${JSON.stringify(after.resources)}`,
            `  RSS: ${mib(baseline.rss)} at the warm baseline, ${mib(after.rss)} after (${rssGrowth >= 0 ? '+' : ''}${mib(rssGrowth)}); heap ${mib(baseline.heapUsed)} → ${mib(after.heapUsed)}`,
          ].join('\n'),
        );
        if (problems.length) {
          failed = true;
          console.error(`${adapter}: FAILED, ${problems.length} problem(s):`);
          for (const problem of problems.slice(0, 30)) console.error(`  - ${problem}`);
          if (problems.length > 30) console.error(`  ... and ${problems.length - 30} more`);
        } else {
          console.log(`${adapter}: OK`);
        }
      } finally {
        await app.stop();
      }
    }
  } finally {
    await origin.close();
    rmSync(tree.root, { recursive: true, force: true });
  }
  console.log(`soak: ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
