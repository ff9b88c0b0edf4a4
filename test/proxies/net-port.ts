import { readFile, readdir, readlink } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

/** Asks the kernel for a free TCP port on 127.0.0.1 (free when checked; retry on EADDRINUSE). */
export function getFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** Resolves true once 127.0.0.1:port accepts a TCP connection. */
function tryConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => {
      socket.destroy();
      done(false);
    });
  });
}

/**
 * Whether process `pid` itself holds a socket listening on 127.0.0.1:port,
 * read from Linux's /proc; undefined where /proc cannot tell. This tells our
 * server apart from another process that grabbed the port in the meantime
 * (nginx retries a busy port for 2.5 s before it gives up).
 */
export async function listensOn(pid: number, port: number): Promise<boolean | undefined> {
  let table: string;
  try {
    table = await readFile('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set(
    table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[1] === local && cols[3] === '0A') // 0A: LISTEN
      .map((cols) => `socket:[${cols[9]}]`),
  );
  if (inodes.size === 0) return false;
  try {
    for (const fd of await readdir(`/proc/${pid}/fd`)) {
      if (inodes.has(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''))) return true;
    }
  } catch {
    // not started yet, or already a zombie
  }
  return false;
}

/**
 * Polls until 127.0.0.1:port accepts connections (and, when `ownerPid` is
 * given, is held by that process). Rejects after `timeoutMs`, or as soon as
 * `gaveUp()` returns a reason (for example, the server exited).
 */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  gaveUp: () => string | undefined = () => undefined,
  ownerPid?: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = gaveUp();
    if (reason) throw new Error(reason);
    if ((await tryConnect(port)) && (ownerPid === undefined || (await listensOn(ownerPid, port)) !== false)) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
