import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getFreePort, waitForPort } from './net-port';
import { findProxyBinary, missingProxyParts, PROXY_SERVERS } from './proxy-availability';
import type { ProxyName, ProxyServerDefinition, RunningProxy, StartProxyOptions } from './proxy-server.types';
import { assertReadableDir, makeTempDir, removeTempDir, workerIdentity } from './temp-dir';

export * from './proxy-server.types';
export { describeProxy } from './describe-proxy';
export { findProxyBinary, missingProxyParts, PROXY_SERVERS, proxyAvailable } from './proxy-availability';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  // Last resort when afterAll never ran. SIGTERM, not SIGKILL: the servers then
  // stop their own workers after we are gone.
  for (const child of running) killChild(child, 'SIGTERM');
});

function killChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill(signal); // by pid; on SIGTERM the server stops its own workers
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

function readLogs(def: ProxyServerDefinition, tmpDir: string, output: string): string {
  const logs = def.logFiles.map((file) => {
    try {
      return `--- ${file}\n${readFileSync(join(tmpDir, file), 'utf8')}`;
    } catch {
      return `--- ${file}: (none)`;
    }
  });
  return [`--- stdout/stderr\n${output}`, ...logs].join('\n');
}

/**
 * Starts a real reverse proxy on a free 127.0.0.1 port in front of the app at
 * `appPort`, with the config `options.config` makes for this start (the
 * library's generateProxyConfig(), see generated-config.ts) written into a
 * fresh temp dir. Resolves once the server's own process listens on the port (10 s
 * at most, then rejects with its stderr and error log); call `stop()` in
 * `afterAll` (it also removes the temp dir).
 *
 * @example
 * const rules = [{ sourceDir: '/srv/files', destinationUrl: '/protected/' }];
 * const proxy = await startProxy('nginx', { appPort, dirs: { files: '/srv/files' }, config: generatedConfig('nginx', { options: { backend: 'nginx', rules } }) });
 * await rawRequest(`${proxy.url}/download/1`);
 * await proxy.stop();
 */
export async function startProxy(name: ProxyName, options: StartProxyOptions): Promise<RunningProxy> {
  const def = PROXY_SERVERS[name];
  const binary = findProxyBinary(name);
  const missing = missingProxyParts(name);
  if (!binary || missing.length > 0) {
    throw new Error(`${name}: missing ${missing.join(', ')}; install ${def.packages.join(' ')} (.ci/run does)`);
  }
  const who = workerIdentity();
  const tmpDir = await makeTempDir(`nestjs-dv-${name}`);
  try {
    for (const dir of def.writableDirs) {
      await mkdir(join(tmpDir, dir), { mode: 0o755, recursive: true });
      await chown(join(tmpDir, dir), who.uid, who.gid).catch(() => undefined);
    }
    const dirs = resolveDirs(options);
    for (const dir of Object.values(dirs)) await assertReadableDir(dir, who);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await getFreePort();
      const configPath = join(tmpDir, def.configName);
      const config = options.config({ port, appPort: options.appPort, tmpDir, user: who.user, group: who.group });
      await writeFile(configPath, config, { mode: 0o644 });
      try {
        return await launch(def, binary, { port, tmpDir, configPath, dirs, timeoutMs: options.startTimeoutMs ?? 10_000 });
      } catch (error) {
        lastError = error as Error;
        if (!/address already in use/i.test(lastError.message)) break; // port race: try another one
      }
    }
    throw lastError ?? new Error(`${name} did not start`);
  } catch (error) {
    await removeTempDir(tmpDir);
    throw error;
  }
}

/** The folders the config serves, absolute, without a trailing slash (checked readable by the workers). */
function resolveDirs(options: StartProxyOptions): Record<string, string> {
  const dirs: Record<string, string> = {};
  for (const [key, dir] of Object.entries(options.dirs)) {
    if (dir === undefined) continue;
    if (!dir.startsWith('/')) throw new Error(`dirs.${key} must be absolute: ${dir}`);
    dirs[key] = dir.replace(/\/+$/, '');
  }
  return dirs;
}

interface LaunchPlan {
  port: number;
  tmpDir: string;
  configPath: string;
  dirs: Record<string, string>;
  timeoutMs: number;
}

async function launch(def: ProxyServerDefinition, binary: string, plan: LaunchPlan): Promise<RunningProxy> {
  const { port, tmpDir } = plan;
  let output = '';
  const child = spawn(binary, def.args(tmpDir, plan.configPath), {
    cwd: tmpDir,
    // Not detached: a Ctrl-C in the terminal reaches the servers too.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'C', ...def.env?.(tmpDir) },
  });
  running.add(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.once('exit', () => running.delete(child));
  const logs = () => readLogs(def, tmpDir, output);

  const terminate = async (): Promise<void> => {
    killChild(child, 'SIGTERM');
    if (!(await exited(child, 5_000))) {
      killChild(child, 'SIGKILL');
      await exited(child, 2_000);
    }
    running.delete(child);
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= terminate().then(() => removeTempDir(tmpDir)));

  try {
    await waitForPort(port, plan.timeoutMs, () => {
      if (spawnError) return `${def.name}: cannot run ${binary}: ${spawnError.message}`;
      if (child.exitCode !== null || child.signalCode !== null) {
        return `${def.name} exited (${child.exitCode ?? child.signalCode}) before listening on 127.0.0.1:${port}`;
      }
      return undefined;
    }, child.pid);
  } catch (error) {
    const message = `${(error as Error).message}\nconfig (removed): ${plan.configPath}\n${logs()}`;
    await terminate();
    throw new Error(message);
  }
  return {
    name: def.name,
    url: `http://127.0.0.1:${port}`,
    port,
    tmpDir,
    configPath: plan.configPath,
    dirs: plan.dirs,
    pid: child.pid as number,
    logs,
    stop,
  };
}
