import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitForPort } from './net.util';

/** Debian's mod_magnet (lighttpd-modules-lua), which the verified-link Lua script needs. */
export const LIGHTTPD_MAGNET = '/usr/lib/lighttpd/mod_magnet.so';

/** lighttpd's path, or undefined when it (or mod_magnet) is not installed. */
export function findLighttpd(): string | undefined {
  if (!existsSync(LIGHTTPD_MAGNET)) return undefined;
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin')) {
    if (dir && existsSync(join(dir, 'lighttpd'))) return join(dir, 'lighttpd');
  }
  return undefined;
}

/** A lighttpd started from a config given whole: its pid (one process, no workers) and a way to stop it. */
export interface ConfiguredLighttpd {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts lighttpd in the foreground (`-D`) from `config`, which keeps its pid,
 * logs, document root (`htdocs`) and upload dir (`upload`) in `tmpDir`: those
 * are made writable by the worker user `owner` (lighttpd opens its logs after
 * dropping to it). Waits for `port`; removes `tmpDir` when stopped.
 */
export async function startLighttpdWithConfig(config: string, tmpDir: string, port: number, owner: { uid: number; gid: number }): Promise<ConfiguredLighttpd> {
  const binary = findLighttpd();
  if (!binary) throw new Error('lighttpd with mod_magnet is not installed (Debian: apt-get install lighttpd lighttpd-modules-lua)');
  for (const dir of ['.', 'htdocs', 'upload']) {
    await mkdir(join(tmpDir, dir), { mode: 0o755, recursive: true });
    await chown(join(tmpDir, dir), owner.uid, owner.gid).catch(() => undefined);
  }
  const configPath = join(tmpDir, 'lighttpd.conf');
  await writeFile(configPath, config, { mode: 0o644 });
  let output = '';
  const child = spawn(binary, ['-D', '-f', configPath], { cwd: tmpDir, stdio: ['ignore', 'pipe', 'pipe'] });
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
    await waitForPort(port, 10_000, () => (child.exitCode !== null ? `lighttpd exited (${child.exitCode}): ${output}${readLog(join(tmpDir, 'error.log'))}` : undefined));
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid as number, stop };
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
