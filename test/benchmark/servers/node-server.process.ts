import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { procStatusBytes } from './proc.util';
import { FILES_DIR_ENV, type NodeServerKind } from './server-kinds';

/** A bench server running in its own Node process. */
export interface NodeServer {
  kind: NodeServerKind;
  url: string;
  port: number;
  pid: number;
  /** Resident set size now, in bytes (from /proc). */
  rss(): number;
  /** Peak resident set size since start, in bytes (VmHWM). */
  peakRss(): number;
  stop(): Promise<void>;
}

/** Forks `node-server.main.js` for one kind and resolves once it listens. */
export function startNodeServer(kind: NodeServerKind, filesDir: string, timeoutMs = 20_000): Promise<NodeServer> {
  const child = fork(join(__dirname, 'node-server.main.js'), [kind], {
    env: { ...process.env, [FILES_DIR_ENV]: filesDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code ?? signal}) before listening`));
    });
    child.once('message', (message: { ready?: boolean; port?: number }) => {
      if (!message.ready || !message.port) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const pid = child.pid as number;
      resolve({
        kind,
        port: message.port,
        url: `http://127.0.0.1:${message.port}`,
        pid,
        rss: () => procStatusBytes(pid, 'VmRSS'),
        peakRss: () => procStatusBytes(pid, 'VmHWM'),
        stop: () => stopChild(child),
      });
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
