import { fork, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProxyConfig } from 'nestjs-downloadview';
import { type BenchFiles, HUNDRED_MIB, ONE_MIB } from '../bench-files.fixture';
import type { BenchOptions } from '../bench.options';
import { S3_ADAPTERS, SUBJECT_LABELS, type Subject, type SubjectId } from '../bench.subjects';
import type { LoadTool } from '../load/load-tool';
import { s3OffloadStorage, S3_OFFLOAD_LOCATION } from '../servers/apps/s3.app';
import { freePort, waitForPort } from '../servers/net.util';
import { findNginx } from '../servers/nginx.process';
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

export interface S3ServerProcess {
  pid: number;
  endpoint: string;
  bucket: string;
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
    const peaks: S3Measures['subjects'] = subjects.map((s) => ({ id: s.id, label: s.label, peakRss: apps.get(S3_ADAPTERS.find((a) => a.library === s.id || a.hand === s.id)!.app)!.peakRss() }));
    for (const server of apps.values()) await server.stop();
    apps.clear();
    const offload = await measureOffload(tool, files, options, s3, log);
    throughput.push(...offload.throughput);
    peaks.push(...offload.subjects);
    log(`S3 memory (P5-S3): 4 concurrent downloads of the ${files.biggest.label} object, each server freshly started`);
    const memory = await measureMemory(tool, S3_ADAPTERS.map(({ library, app }): [SubjectId, NodeServerKind] => [library, app]), files.biggest, ONE_MIB, files.dir, log);
    return {
      subjects: peaks,
      throughput,
      ranges,
      memory,
      notes: [
        ...offload.notes,
        'S3 rows: the S3 server is @20minutes/s3rver 4.0.4 (one Node process, objects on the local disk) on the same 2 cores as the app and the load tool; ' +
          'it serves every byte and is the bottleneck, so the S3 figures measure s3rver more than the library (the ratios compare two routes behind the same server)',
      ],
    };
  } finally {
    for (const server of apps.values()) await server.stop().catch(() => undefined);
    await s3.stop();
  }
}

/**
 * P3-S3, on each adapter: nginx in front of the offload app (the config
 * generateProxyConfig() makes of its rule, the location fetching the object
 * from S3 with the presigned URL) vs the same nginx proxying S3 directly
 * (`/direct/files/<name>` to the bucket, s3rver serving anonymous GETs), on
 * the 1 MiB and 100 MiB objects.
 */
async function measureOffload(
  tool: LoadTool,
  files: BenchFiles,
  options: BenchOptions,
  s3: S3ServerProcess,
  log: (line: string) => void,
): Promise<{ throughput: ThroughputCell[]; subjects: S3Measures['subjects']; notes: string[] }> {
  const binary = findNginx();
  if (!binary) return { throughput: [], subjects: [], notes: ['P3-S3 not measured: nginx is not installed'] };
  const storage = s3OffloadStorage(s3.endpoint, s3.bucket);
  const throughput: ThroughputCell[] = [];
  const subjects: S3Measures['subjects'] = [];
  for (const { adapter, offloadApp, offload } of S3_ADAPTERS) {
    const app = await startNodeServer(offloadApp, files.dir, 60_000);
    const dir = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-s3-nginx-'));
    await chmod(dir, 0o755); // nginx's workers (another user under root) make their proxy_temp folder in it
    let nginx: ChildProcess | undefined;
    try {
      const port = await freePort();
      const generated = generateProxyConfig(
        'nginx',
        { options: { storage, backend: 'nginx', rules: [{ sourceStorage: storage, destinationUrl: S3_OFFLOAD_LOCATION }] } },
        { listen: `127.0.0.1:${port}`, upstream: `127.0.0.1:${app.port}`, runtimeDir: dir },
      );
      // The direct path: the same object-store upstream, proxied without the app.
      const direct = [
        '        location /direct/files/ {',
        `            proxy_pass http://nestjs_downloadview_objects_0/${s3.bucket}/;`,
        '            proxy_http_version 1.1;',
        '            proxy_set_header Connection "";',
        `            proxy_set_header Host "${new URL(s3.endpoint).host}";`,
        '        }',
        '',
        '        # Everything else goes to the app.',
      ].join('\n');
      if (!generated.includes('        # Everything else goes to the app.')) throw new Error('P3-S3: the generated nginx config changed shape');
      await writeFile(join(dir, 'nginx.conf'), generated.replace('        # Everything else goes to the app.', direct).replace(/^access_log .*$/m, '').replace(/^\s*access_log .*$/m, '    access_log off;'));
      let exited: string | undefined;
      nginx = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
      nginx.once('exit', (code) => (exited = `nginx exited (${code})`));
      await waitForPort(port, 10_000, () => exited);
      const url = `http://127.0.0.1:${port}`;
      const here: Subject[] = [
        { id: offload, label: SUBJECT_LABELS[offload], url, pid: app.pid, pids: [app.pid, s3.pid], role: 'nginx' },
        ...(adapter === 'Express' ? [{ id: 's3-nginx-direct' as const, label: SUBJECT_LABELS['s3-nginx-direct'], url: `${url}/direct`, pids: [s3.pid], role: 'nginx' as const }] : []),
      ];
      log(`S3 offload (P3-S3, ${adapter}): nginx + the library's offload vs nginx proxying S3, ${files.files.length > 1 ? '1 MiB and 100 MiB' : ''} objects`);
      throughput.push(...(await measureThroughput(tool, here, [ONE_MIB, HUNDRED_MIB], files.dir, options, log)));
      subjects.push(...here.map((s) => ({ id: s.id, label: s.label, peakRss: s.id === offload ? app.peakRss() : undefined })));
    } finally {
      nginx?.kill('SIGTERM');
      if (nginx && nginx.exitCode === null) await new Promise((r) => nginx!.once('exit', r));
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { throughput, subjects, notes: ['P3-S3: nginx runs the config generateProxyConfig() makes of the offload rule, plus a /direct/files/ location proxying the bucket; the direct row is measured in the Express round only'] };
}

/** Forks servers/s3-server.main.js and points the apps started afterwards at it (environment). */
export function startS3Process(dir: string, names: string[]): Promise<S3ServerProcess> {
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
      resolve({ pid: child.pid as number, endpoint: message.endpoint, bucket: message.bucket, stop: () => stopChild(child) });
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
