import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, waitForPort } from './net.util';
import { childPids } from './proc.util';

/** The bench nginx: its three servers' URLs and a way to stop it. */
export interface BenchNginx {
  staticUrl: string;
  offloadUrl: string;
  handUrl: string;
  offloadFastifyUrl: string;
  handFastifyUrl: string;
  /** The one app with the library's route, `/hand/...` and `/streamable/...` (Express; Fastify). */
  sameAppUrl: string;
  sameAppFastifyUrl: string;
  pid: number;
  /** The worker processes (where nginx spends its CPU). */
  workerPids: number[];
  stop(): Promise<void>;
}

/** Ports of the apps nginx proxies to: the library and the hand-written handler, on Express and Fastify. */
export interface BenchNginxApps {
  library: number;
  hand: number;
  libraryFastify: number;
  handFastify: number;
  sameApp: number;
  sameAppFastify: number;
}

/** nginx's path, or undefined when it is not installed. */
export function findNginx(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin')) {
    if (dir && existsSync(join(dir, 'nginx'))) return join(dir, 'nginx');
  }
  return undefined;
}

/**
 * Starts nginx in the foreground from test/benchmark/nginx/bench.conf,
 * rendered into a temp dir: static files, and X-Accel-Redirect in front of
 * the two given apps. Stopped by pid; the temp dir is removed.
 */
export async function startBenchNginx(filesDir: string, apps: BenchNginxApps): Promise<BenchNginx> {
  const binary = findNginx();
  if (!binary) throw new Error('nginx is not installed (Debian: apt-get install nginx-light)');
  const template = await readFile(join(repoRoot(), 'test', 'benchmark', 'nginx', 'bench.conf'), 'utf8');
  const tmpDir = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-nginx-'));
  const me = userInfo();
  // Workers must not run as root; www-data can read the 0755 temp folders.
  const group = me.uid === 0 ? 'www-data' : execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  const values: Record<string, string | number> = {
    USER: me.uid === 0 ? 'www-data' : me.username,
    GROUP: group,
    TMP_DIR: tmpDir,
    FILES_DIR: filesDir,
    LIBRARY_APP_PORT: apps.library,
    HAND_APP_PORT: apps.hand,
    LIBRARY_FASTIFY_APP_PORT: apps.libraryFastify,
    HAND_FASTIFY_APP_PORT: apps.handFastify,
    SAME_APP_PORT: apps.sameApp,
    SAME_APP_FASTIFY_PORT: apps.sameAppFastify,
    STATIC_PORT: await freePort(),
    OFFLOAD_PORT: await freePort(),
    HAND_PORT: await freePort(),
    OFFLOAD_FASTIFY_PORT: await freePort(),
    HAND_FASTIFY_PORT: await freePort(),
    SAME_PORT: await freePort(),
    SAME_FASTIFY_PORT: await freePort(),
  };
  const config = template.replace(/\{\{([A-Z_]+)\}\}/g, (token, key: string) => {
    if (!(key in values)) throw new Error(`bench.conf: unknown token ${token}`);
    return String(values[key]);
  });
  const configPath = join(tmpDir, 'nginx.conf');
  await writeFile(configPath, config);
  let output = '';
  const child = spawn(binary, ['-p', tmpDir, '-c', configPath, '-e', join(tmpDir, 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(tmpDir, { recursive: true, force: true });
  };
  try {
    for (const port of [values.STATIC_PORT, values.OFFLOAD_PORT, values.HAND_PORT, values.OFFLOAD_FASTIFY_PORT, values.HAND_FASTIFY_PORT, values.SAME_PORT, values.SAME_FASTIFY_PORT] as number[]) {
      await waitForPort(port, 10_000, () =>
        child.exitCode !== null ? `nginx exited (${child.exitCode}): ${output}${errorLog(tmpDir)}` : undefined,
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  let workerPids = childPids(child.pid as number);
  for (let tries = 0; workerPids.length === 0 && tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 20));
    workerPids = childPids(child.pid as number);
  }
  const url = (port: unknown) => `http://127.0.0.1:${port}`;
  return {
    staticUrl: url(values.STATIC_PORT),
    offloadUrl: url(values.OFFLOAD_PORT),
    handUrl: url(values.HAND_PORT),
    offloadFastifyUrl: url(values.OFFLOAD_FASTIFY_PORT),
    handFastifyUrl: url(values.HAND_FASTIFY_PORT),
    sameAppUrl: url(values.SAME_PORT),
    sameAppFastifyUrl: url(values.SAME_FASTIFY_PORT),
    pid: child.pid as number,
    workerPids,
    stop,
  };
}

function errorLog(tmpDir: string): string {
  try {
    return readFileSync(join(tmpDir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

/** An nginx started from a config given whole (the generated one): its pid, workers and a way to stop it. */
export interface ConfiguredNginx {
  pid: number;
  workerPids: number[];
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground from `config` (which must keep its pid, logs
 * and temp files in `tmpDir`), waits for `port`, and removes `tmpDir` when stopped.
 */
export async function startNginxWithConfig(config: string, tmpDir: string, port: number): Promise<ConfiguredNginx> {
  const binary = findNginx();
  if (!binary) throw new Error('nginx is not installed (Debian: apt-get install nginx-light)');
  const configPath = join(tmpDir, 'nginx.conf');
  await writeFile(configPath, config);
  let output = '';
  const child = spawn(binary, ['-p', tmpDir, '-c', configPath, '-e', join(tmpDir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(tmpDir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, 10_000, () => (child.exitCode !== null ? `nginx exited (${child.exitCode}): ${output}${errorLog(tmpDir)}` : undefined));
  } catch (err) {
    await stop();
    throw err;
  }
  let workerPids = childPids(child.pid as number);
  for (let tries = 0; workerPids.length === 0 && tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 20));
    workerPids = childPids(child.pid as number);
  }
  return { pid: child.pid as number, workerPids, stop };
}
