import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { type BenchFiles, HUNDRED_MIB, ONE_MIB } from '../bench-files.fixture';
import type { BenchOptions } from '../bench.options';
import { S3_ADAPTERS, SUBJECT_LABELS, type Subject, type SubjectId } from '../bench.subjects';
import type { LoadTool } from '../load/load-tool';
import { startNodeServer, type NodeServer } from '../servers/node-server.process';
import { S3_ENV, type NodeServerKind } from '../servers/server-kinds';
import { measureMemory, type MemoryCell } from './memory.scenario';
import { measureRanges, type RangeCell } from './range.scenario';
import { measureThroughput, type ThroughputCell } from './throughput.scenario';

/** What the S3 rows measured; the cells join the run's own lists. */
export interface S3Measures {
  subjects: { id: SubjectId; label: string; peakRss?: number }[];
  throughput: ThroughputCell[];
  ranges: RangeCell[];
  memory: MemoryCell[];
  notes: string[];
}

interface S3ServerProcess {
  pid: number;
  stop(): Promise<void>;
}

/**
 * The S3 rows of issue 11 (item 6), on each adapter: the 100 MiB object
 * through the library's S3Storage route vs a hand-written GetObject pipe in
 * the same app (P1-S3), a 1 MiB range at the end vs the start of the biggest
 * object (P6-S3), and the RSS raise of 4 concurrent downloads of it (P5-S3).
 * The S3 server is @20minutes/s3rver in its own process on the same machine.
 */
export async function measureS3(tool: LoadTool, files: BenchFiles, options: BenchOptions, log: (line: string) => void): Promise<S3Measures> {
  const objects = [...new Set([ONE_MIB, HUNDRED_MIB, files.biggest])];
  log(`S3: starting @20minutes/s3rver and uploading ${objects.map((o) => o.label).join(', ')}...`);
  const s3 = await startS3Process(files.dir, objects.map((o) => o.name));
  const apps = new Map<NodeServerKind, NodeServer>();
  try {
    for (const { app } of S3_ADAPTERS) apps.set(app, await startNodeServer(app, files.dir, 60_000));
    const subjects: Subject[] = S3_ADAPTERS.flatMap(({ app, library, hand }) => {
      const server = apps.get(app)!;
      const subject = (id: SubjectId, url: string): Subject => ({ id, label: SUBJECT_LABELS[id], url, pid: server.pid, pids: [server.pid, s3.pid], role: 'streams' });
      return [subject(library, server.url), subject(hand, `${server.url}/hand`)];
    });
    log(`S3 throughput (P1-S3): ${HUNDRED_MIB.label} object, ${options.runs} run(s) of ${options.duration} s, ${options.connections} connections`);
    const throughput = await measureThroughput(tool, subjects, [HUNDRED_MIB], files.dir, options, log);
    log(`S3 ranges (P6-S3) on the ${files.biggest.label} object`);
    const libraries = subjects.filter((s) => S3_ADAPTERS.some((a) => a.library === s.id));
    const ranges = await measureRanges(tool, libraries, files.biggest, options, log);
    const peaks = subjects.map((s) => ({ id: s.id, label: s.label, peakRss: apps.get(S3_ADAPTERS.find((a) => a.library === s.id || a.hand === s.id)!.app)!.peakRss() }));
    for (const server of apps.values()) await server.stop();
    apps.clear();
    log(`S3 memory (P5-S3): 4 concurrent downloads of the ${files.biggest.label} object, each server freshly started`);
    const memory = await measureMemory(tool, S3_ADAPTERS.map(({ library, app }): [SubjectId, NodeServerKind] => [library, app]), files.biggest, ONE_MIB, files.dir, log);
    return {
      subjects: peaks,
      throughput,
      ranges,
      memory,
      notes: [
        'S3 rows: the S3 server is @20minutes/s3rver 4.0.4 (one Node process, objects on the local disk) on the same 2 cores as the app and the load tool; ' +
          'it serves every byte and is the bottleneck, so the S3 figures measure s3rver more than the library (the ratios compare two routes behind the same server)',
      ],
    };
  } finally {
    for (const server of apps.values()) await server.stop().catch(() => undefined);
    await s3.stop();
  }
}

/** Forks servers/s3-server.main.js and points the apps started afterwards at it (environment). */
function startS3Process(dir: string, names: string[]): Promise<S3ServerProcess> {
  const child = fork(join(__dirname, '..', 'servers', 's3-server.main.js'), [dir, ...names], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the bench S3 server did not start within 180 s'));
    }, 180_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the bench S3 server exited (${code ?? signal}) before listening`));
    });
    child.once('message', (message: { endpoint: string; bucket: string; credentials: { accessKeyId: string; secretAccessKey: string } }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      Object.assign(process.env, {
        [S3_ENV.endpoint]: message.endpoint,
        [S3_ENV.bucket]: message.bucket,
        AWS_ACCESS_KEY_ID: message.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: message.credentials.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      resolve({ pid: child.pid as number, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
