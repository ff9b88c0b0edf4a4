import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchFile, type BenchFiles, GiB, generateBenchFiles, generateZipFixture, MiB, ONE_MIB, TINY } from './bench-files.fixture';
import type { BenchOptions } from './bench.options';
import { NGINX_APP_KINDS, STREAMING_KINDS, SUBJECT_FILES, SUBJECT_LABELS, ZIP_ADAPTERS, type Subject, type SubjectId } from './bench.subjects';
import { chooseLoadTool } from './load/choose-load-tool';
import type { BenchResults } from './report/bench-results';
import { evaluateTargets } from './report/targets';
import { measureDecision } from './scenarios/decision.scenario';
import { measureLinks } from './scenarios/links.scenario';
import { measureMemory } from './scenarios/memory.scenario';
import { measureRanges } from './scenarios/range.scenario';
import { measureS3 } from './scenarios/s3.scenario';
import { measureThroughput } from './scenarios/throughput.scenario';
import { measureZipThroughput, zipBenchFile, type ZipThroughputCell } from './scenarios/zip.scenario';
import { findNginx, startBenchNginx, type BenchNginx } from './servers/nginx.process';
import { startNodeServer, type NodeServer } from './servers/node-server.process';
import { repoRoot } from './servers/net.util';
import type { NodeServerKind } from './servers/server-kinds';

/** What `--only p4` measures: the offload answers, bare and behind nginx, on both adapters. */
const P4_SUBJECTS: readonly SubjectId[] = [
  'nginx-same-library',
  'nginx-same-hand',
  'nginx-same-library-fastify',
  'nginx-same-hand-fastify',
  'offload-answer',
  'hand-answer',
  'nginx-offload',
  'nginx-hand',
  'nginx-offload-fastify',
  'nginx-hand-fastify',
];

/**
 * The ZIP rows' archives (P10, P11) are copies of one sparse all-zero member:
 * 8 x 256 MiB = 2 GiB for P10 and 16 x 256 MiB = 4 GiB (ZIP64) for P11 in
 * the full run; the quick run scales them down (4 x 128 MiB at once for P10,
 * a 512 MiB archive for P11) to stay short.
 */
const ZIP_PLAN = {
  full: { zeroSize: 256 * MiB, memoryCopies: 8, rangeCopies: 16 },
  quick: { zeroSize: 64 * MiB, memoryCopies: 2, rangeCopies: 8 },
};

/** Node servers booted in parallel. */
const STARTING_AT_ONCE = 4;

/**
 * Left out of `--quick` to keep the smoke run short: the earlier P4 pair in
 * separate apps (P4's verdict is the same-app pair) and so P3, which reads them.
 */
const NOT_IN_QUICK: readonly SubjectId[] = ['nginx-offload', 'nginx-hand', 'nginx-offload-fastify', 'nginx-hand-fastify'];

/**
 * One benchmark run: generates the files, starts every server in its own
 * process (and nginx in front of two of them), measures throughput, ranges
 * and memory, checks the targets, and cleans everything up, even on failure.
 */
export async function runBenchmark(options: BenchOptions, log: (line: string) => void): Promise<BenchResults> {
  const began = Date.now();
  // Read before the servers start: what was built and measured, not what the tree holds when the run ends.
  const commit = gitCommit();
  const notes: string[] = [];
  log(`Generating files${options.withGiB ? ' (1 GiB included)' : ''}...`);
  const files = await generateBenchFiles(options.withGiB);
  if (options.only === 's3') return runS3Only(options, files, commit, began, log);
  if (options.only === 'links') return runLinksOnly(options, files, commit, began, log);
  const focused = options.only === 'p4';
  const zipOnly = options.only === 'zip';
  const zipPlan = options.quick ? ZIP_PLAN.quick : ZIP_PLAN.full;
  if (!focused) await generateZipFixture(files.dir, zipPlan.zeroSize);
  const scratch = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-tool-'));
  const servers = new Map<NodeServerKind, NodeServer>();
  let nginx: BenchNginx | undefined;
  try {
    const tool = chooseLoadTool(options.tool, scratch);
    if (tool.name === 'autocannon') {
      notes.push(
        'autocannon reads every body in JavaScript and saturates itself on big files (about 40 MiB/s here): ' +
          'the 1 MiB and 100 MiB figures then measure the tool; install wrk (Debian: apt-get install wrk)',
      );
    }
    log(`Starting servers (load tool: ${tool.name})...`);
    // `--only zip`: the ZIP apps and the PathFile apps P9 compares with, no nginx.
    const withNginx = !zipOnly && !!findNginx();
    const kinds = zipOnly
      ? ZIP_ADAPTERS.flatMap((z) => [z.zip, z.library as NodeServerKind])
      : [
          ...new Set([
            ...Object.values(STREAMING_KINDS),
            ...(withNginx ? Object.values(NGINX_APP_KINDS) : []),
            ...(focused ? [] : ZIP_ADAPTERS.map((z) => z.zip)),
          ]),
        ];
    // A few at a time: twenty Nest apps booting at once on two cores (busy with other work at times) missed the timeout.
    for (let i = 0; i < kinds.length; i += STARTING_AT_ONCE) {
      for (const server of await Promise.all(kinds.slice(i, i + STARTING_AT_ONCE).map((kind) => startNodeServer(kind, files.dir, 60_000)))) {
        servers.set(server.kind, server);
      }
    }
    const subjects: Subject[] = [];
    for (const [id, kind] of Object.entries(STREAMING_KINDS) as [SubjectId, NodeServerKind][]) {
      const server = servers.get(kind);
      if (!server) continue;
      const role = kind.startsWith('offload') || kind.startsWith('hand-xaccel') ? 'answer' : kind.startsWith('json') ? 'json' : 'streams';
      subjects.push({ id, label: SUBJECT_LABELS[id], url: server.url, pid: server.pid, pids: [server.pid], role, files: SUBJECT_FILES[id] });
    }
    if (withNginx) {
      const port = (kind: NodeServerKind) => servers.get(kind)!.port;
      nginx = await startBenchNginx(files.dir, {
        library: port(NGINX_APP_KINDS.library),
        hand: port(NGINX_APP_KINDS.hand),
        libraryFastify: port(NGINX_APP_KINDS.libraryFastify),
        handFastify: port(NGINX_APP_KINDS.handFastify),
        sameApp: port(NGINX_APP_KINDS.sameApp),
        sameAppFastify: port(NGINX_APP_KINDS.sameAppFastify),
      });
      const workers = nginx.workerPids;
      const nginxSubject = (id: SubjectId, url: string, app?: NodeServer, files?: readonly string[]): Subject => ({
        id,
        label: SUBJECT_LABELS[id],
        url,
        pids: app ? [...workers, app.pid] : workers,
        role: 'nginx',
        files,
      });
      // The Fastify apps behind nginx answer P3 (1 MiB) and P4 (13 B); at 100 MiB nginx alone is measured.
      const targetSizes = ['13 B', '1 MiB'];
      subjects.push(
        nginxSubject('nginx-static', nginx.staticUrl),
        nginxSubject('nginx-offload', nginx.offloadUrl, servers.get(NGINX_APP_KINDS.library)),
        nginxSubject('nginx-hand', nginx.handUrl, servers.get(NGINX_APP_KINDS.hand)),
        nginxSubject('nginx-offload-fastify', nginx.offloadFastifyUrl, servers.get(NGINX_APP_KINDS.libraryFastify), targetSizes),
        nginxSubject('nginx-hand-fastify', nginx.handFastifyUrl, servers.get(NGINX_APP_KINDS.handFastify), targetSizes),
      );
      // P4's verdict: the library's route and the hand-written one in the same app (one DownloadModule, one
      // global interceptor), 13 B; and a StreamableFile route of that app, offloaded, on 13 B and 1 MiB.
      for (const [suffix, app, url] of [
        ['', servers.get(NGINX_APP_KINDS.sameApp), nginx.sameAppUrl],
        ['-fastify', servers.get(NGINX_APP_KINDS.sameAppFastify), nginx.sameAppFastifyUrl],
      ] as const) {
        subjects.push(
          nginxSubject(`nginx-same-library${suffix}`, url, app, ['13 B']),
          nginxSubject(`nginx-same-hand${suffix}`, `${url}/hand`, app, ['13 B']),
          nginxSubject(`nginx-same-streamable${suffix}`, `${url}/streamable`, app, targetSizes),
        );
      }
    } else if (!zipOnly) {
      notes.push('no nginx rows: nginx is not installed (Debian: apt-get install nginx-light)');
    }

    const measured = zipOnly
      ? []
      : focused
        ? subjects.filter((s) => P4_SUBJECTS.includes(s.id))
        : options.quick
          ? subjects.filter((s) => !NOT_IN_QUICK.includes(s.id))
          : subjects;
    if (options.quick && !focused && !zipOnly) notes.push('--quick: the nginx rows of separate apps (earlier P4 pair, P3) are left out');
    const sizes = focused ? [TINY] : files.files.filter((file) => file.size <= 100 * 1024 * 1024);
    if (focused) notes.push('--only p4: the 13 B offload answers and the in-process loop only');
    if (zipOnly) notes.push('--only zip: the ZIP rows (P9, P10, P11) only, with the PathFile rows P9 compares with');
    log(zipOnly ? 'Throughput (P1-P4): skipped (--only zip)' : `Throughput: ${options.runs} run(s) of ${options.duration} s per cell, ${options.connections} connections`);
    const throughput = zipOnly ? [] : await measureThroughput(tool, measured, sizes, files.dir, options, log);

    log(focused || zipOnly ? `Ranges (P6): skipped (--only ${options.only})` : `Ranges (P6) on ${files.biggest.label}`);
    const libraries = subjects.filter((s) => s.id === 'library-express' || s.id === 'library-fastify');
    const ranges = focused || zipOnly ? [] : await measureRanges(tool, libraries, files.biggest, options, log);

    // The ZIP rows (issue 12): P9 against the PathFile route, P11 like P6 on a big archive; P10's archive sizes read now.
    let zipThroughput: ZipThroughputCell[] = [];
    let zipMemoryFiles: BenchFile[] = [];
    if (!focused) {
      const server = (kind: NodeServerKind) => servers.get(kind)!;
      log(`ZIP throughput (P9): 100 x 1 MiB stored members vs the 100 MiB file, ${options.runs} run(s) of ${options.duration} s`);
      zipThroughput = await measureZipThroughput(
        tool,
        ZIP_ADAPTERS.map(({ adapter, zip, library }) => ({
          adapter,
          library: { id: library, url: server(library as NodeServerKind).url, pids: [server(library as NodeServerKind).pid] },
          zip: { id: zip, url: server(zip).url, pids: [server(zip).pid] },
        })),
        options,
        log,
      );
      const zipUrl = server('zip-express').url;
      const rangeArchive = await zipBenchFile(zipUrl, `zeros-${zipPlan.rangeCopies}.zip`, `${sizeLabel(zipPlan.rangeCopies * zipPlan.zeroSize)} ZIP`);
      log(`ZIP ranges (P11) on ${rangeArchive.label} (${zipPlan.rangeCopies} sparse members, CRC-32 given)`);
      const zipSubjects = ZIP_ADAPTERS.map(({ zip }): Subject => ({ id: zip, label: SUBJECT_LABELS[zip], url: server(zip).url, pid: server(zip).pid, pids: [server(zip).pid], role: 'streams' }));
      ranges.push(...(await measureRanges(tool, zipSubjects, rangeArchive, options, log)));
      const memorySize = sizeLabel(zipPlan.memoryCopies * zipPlan.zeroSize);
      zipMemoryFiles = [
        await zipBenchFile(zipUrl, `zeros-${zipPlan.memoryCopies}-stream.zip`, `${memorySize} ZIP, CRC-32 computed while sent`),
        ...(options.quick ? [] : [await zipBenchFile(zipUrl, `zeros-${zipPlan.memoryCopies}.zip`, `${memorySize} ZIP, CRC-32 given`)]),
      ];
      if (options.quick) notes.push(`--quick: the ZIP rows use smaller archives (P10: 4 x ${memorySize} at once, Express and CRC-32 computed while sent only; P11: ${rangeArchive.label})`);
    }

    const peaks = new Map(subjects.map((s) => [s.id, s.pid && STREAMING_KINDS[s.id] ? servers.get(STREAMING_KINDS[s.id]!)!.peakRss() : undefined]));
    for (const server of servers.values()) await server.stop();
    servers.clear();
    await nginx?.stop();
    nginx = undefined;

    log(zipOnly ? 'Decision (P4 without HTTP): skipped (--only zip)' : 'Decision (P4 without HTTP): each X-Accel answer called in a loop, in process');
    const decision = zipOnly ? [] : await measureDecision(TINY.name, files.dir, options, log);

    log(focused || zipOnly ? `Memory (P5): skipped (--only ${options.only})` : `Memory (P5): 4 concurrent downloads of ${files.biggest.label}, each server freshly started`);
    const memoryKinds: [SubjectId, NodeServerKind][] = [
      ['library-express', 'library-express'],
      ['library-fastify', 'library-fastify'],
      ...(options.quick ? [] : ([['express-sendfile', 'express-sendfile']] as [SubjectId, NodeServerKind][])),
    ];
    const warmup = options.quick ? TINY : ONE_MIB;
    const memory = focused || zipOnly ? [] : await measureMemory(tool, memoryKinds, files.biggest, warmup, files.dir, log);
    for (const archive of zipMemoryFiles) {
      log(`ZIP memory (P10): 4 concurrent downloads of a ${archive.label}, each server freshly started`);
      // The quick run starts one fresh ZIP server (Express) for P10: each costs a boot; P9 and P11 cover Fastify's ZIP path.
      const zipKinds = ZIP_ADAPTERS.filter((z) => !options.quick || z.adapter === 'Express').map(({ zip }): [SubjectId, NodeServerKind] => [zip, zip]);
      memory.push(...(await measureMemory(tool, zipKinds, archive, { label: '13 B ZIP', name: 'tiny.zip', size: 0 }, files.dir, log)));
    }

    // The S3 rows (issue 11): their own S3 server and apps; left out of the quick and focused runs.
    if (!options.quick && !options.only) {
      const s3 = await measureS3(tool, files, options, log);
      measured.push(...s3.subjects.map((s) => ({ ...s, url: '', pids: [], role: 'streams' as const })));
      throughput.push(...s3.throughput);
      ranges.push(...s3.ranges);
      memory.push(...s3.memory);
      notes.push(...s3.notes);
      for (const s of s3.subjects) peaks.set(s.id, s.peakRss);
    } else {
      notes.push(`the S3 rows are left out of ${options.quick ? '--quick' : `--only ${options.only}`} (npm run bench -- --only s3)`);
    }

    // The proxy-verified link rows (issue 13): their own nginx from the generated config; left out of the quick and focused runs.
    if (!options.quick && !options.only) {
      const links = await measureLinks(tool, files, options, log);
      measured.push(...links.subjects.map((s) => ({ ...s, url: '', pids: [], role: 'nginx' as const })));
      throughput.push(...links.throughput);
      notes.push(...links.notes);
    }

    const partial: Omit<BenchResults, 'targets'> = {
      meta: {
        date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        commit,
        node: process.versions.node,
        cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
        cores: cpus().length,
        tool: tool.name,
        quick: options.quick,
        runs: options.runs,
        duration: options.duration,
        connections: options.connections,
        seconds: (Date.now() - began) / 1000,
        notes,
      },
      subjects: measured.map((s) => ({ id: s.id, label: s.label, peakRss: peaks.get(s.id) })),
      throughput,
      ranges,
      memory,
      decision,
      zipThroughput,
    };
    return { ...partial, targets: evaluateTargets(partial, { biggest: files.biggest.label, quick: options.quick, only: options.only }) };
  } finally {
    for (const server of servers.values()) await server.stop().catch(() => undefined);
    await nginx?.stop().catch(() => undefined);
    await files.remove();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `--only s3`: the S3 rows alone (measureS3), with their own S3 server and apps. */
async function runS3Only(options: BenchOptions, files: BenchFiles, commit: string, began: number, log: (line: string) => void): Promise<BenchResults> {
  const scratch = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-tool-'));
  try {
    const tool = chooseLoadTool(options.tool, scratch);
    const s3 = await measureS3(tool, files, options, log);
    const partial: Omit<BenchResults, 'targets'> = {
      meta: runMeta(options, tool.name, commit, began, ['--only s3: the S3 rows (P1-S3, P5-S3, P6-S3) only', ...s3.notes]),
      subjects: s3.subjects,
      throughput: s3.throughput,
      ranges: s3.ranges,
      memory: s3.memory,
      decision: [],
      zipThroughput: [],
    };
    return { ...partial, targets: evaluateTargets(partial, { biggest: files.biggest.label, quick: options.quick, only: options.only }) };
  } finally {
    await files.remove();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `--only links`: the proxy-verified link rows alone (measureLinks), in their own nginx. */
async function runLinksOnly(options: BenchOptions, files: BenchFiles, commit: string, began: number, log: (line: string) => void): Promise<BenchResults> {
  const scratch = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-tool-'));
  try {
    const tool = chooseLoadTool(options.tool, scratch);
    const links = await measureLinks(tool, files, options, log);
    const partial: Omit<BenchResults, 'targets'> = {
      meta: runMeta(options, tool.name, commit, began, ['--only links: the proxy-verified link rows (issue 13) only', ...links.notes]),
      subjects: links.subjects,
      throughput: links.throughput,
      ranges: [],
      memory: [],
      decision: [],
      zipThroughput: [],
    };
    return { ...partial, targets: evaluateTargets(partial, { biggest: files.biggest.label, quick: options.quick, only: options.only }) };
  } finally {
    await files.remove();
    await rm(scratch, { recursive: true, force: true });
  }
}

function runMeta(options: BenchOptions, tool: string, commit: string, began: number, notes: string[]): BenchResults['meta'] {
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit,
    node: process.versions.node,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    tool,
    quick: options.quick,
    runs: options.runs,
    duration: options.duration,
    connections: options.connections,
    seconds: (Date.now() - began) / 1000,
    notes,
  };
}

/** `512 MiB`, `2 GiB`, `4 GiB`. */
function sizeLabel(bytes: number): string {
  return bytes >= GiB ? `${+(bytes / GiB).toFixed(2)} GiB` : `${+(bytes / MiB).toFixed(2)} MiB`;
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot(), encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'lib'], { cwd: repoRoot(), encoding: 'utf8' }).trim();
    return dirty ? `${commit} (lib/ modified)` : commit;
  } catch {
    return 'unknown commit';
  }
}
