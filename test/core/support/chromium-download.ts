import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Debian's headless Chromium binary, when installed. */
export function chromiumBinary(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((bin) => fs.existsSync(bin));
}

/**
 * Has headless Chromium download `url` (a page navigation to an attachment,
 * as a user's click does) into `dir`, driven over the DevTools protocol on a
 * pipe (no extra npm package); answers the saved file's bytes.
 */
export async function chromiumDownload(url: string, dir: string, timeout = 45_000): Promise<{ name: string; bytes: Buffer }> {
  const bin = chromiumBinary();
  if (!bin) throw new Error('chromium is not installed (Debian package chromium)');
  fs.mkdirSync(dir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-chromium-profile-'));
  const child = spawn(
    bin,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'],
    // Its own process group: its helper processes (zygote, crashpad) go with it.
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()).slice(-4000));
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  const listeners: Array<(message: { method?: string; params?: Record<string, unknown> }) => void> = [];
  let buffered = '';
  output.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (message.id && pending.has(message.id)) pending.get(message.id)!(message);
      else for (const listener of listeners) listener(message);
    }
  });
  const send = (method: string, params: object) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (message) => (message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result)));
      input.write(`${JSON.stringify({ id, method, params })}\0`);
    });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Chromium did not finish the download in time; stderr: ${stderr}`)), timeout);
      child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${stderr}`)));
      let name = '';
      listeners.push((message) => {
        if (message.method === 'Browser.downloadWillBegin') name = String(message.params!.suggestedFilename);
        if (message.method === 'Browser.downloadProgress') {
          const state = message.params!.state;
          if (state === 'canceled') reject(new Error('Chromium canceled the download'));
          if (state === 'completed') {
            clearTimeout(timer);
            const file = path.join(dir, name);
            resolve({ name, bytes: fs.readFileSync(file) });
          }
        }
      });
      send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true })
        .then(() => send('Target.createTarget', { url }))
        .catch(reject);
    });
  } finally {
    child.removeAllListeners('exit');
    // The profile is written to until Chromium is gone: wait for it before removing it.
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL'); // the group is gone already
    }
    await exited;
    removeProfile(profile);
  }
}

/**
 * Removes the profile; a helper process still finishing a write can make a
 * folder non-empty again for a moment (ENOTEMPTY), so it is tried again for a
 * while. The download has been checked by then: a profile left in the temp
 * folder is not a failure of the download.
 */
function removeProfile(profile: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      return;
    } catch {
      // tried again below
    }
  }
  setTimeout(() => fs.rm(profile, { recursive: true, force: true }, () => undefined), 2000).unref();
}
