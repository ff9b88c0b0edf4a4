import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The account the proxies' workers run as. */
export interface WorkerIdentity {
  user: string;
  group: string;
  uid: number;
  gid: number;
}

let identity: WorkerIdentity | undefined;

/**
 * The proxies' worker account: `www-data` when the tests run as root (Apache
 * refuses root workers, and it is what production uses), else the current user.
 */
export function workerIdentity(): WorkerIdentity {
  if (identity) return identity;
  const me = userInfo();
  if (me.uid === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'www-data'], { encoding: 'utf8' }).trim());
    identity = { user: 'www-data', group: 'www-data', uid: id('-u'), gid: id('-g') };
  } else {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    identity = { user: me.username, group, uid: me.uid, gid: me.gid };
  }
  return identity;
}

/**
 * Creates a fresh folder under the OS temp dir with mode 0755, so the proxies'
 * workers (another user when tests run as root) can read what is put in it.
 */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  await chmod(dir, 0o755);
  return dir;
}

/** Removes a folder made by {@link makeTempDir}; never fails. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Throws a clear error unless `who` can list `dir` and traverse every parent
 * (mode bits only; ACLs are not read). Files inside must still be 0644-ish.
 */
export async function assertReadableDir(dir: string, who: WorkerIdentity = workerIdentity()): Promise<void> {
  if (who.uid === 0) return;
  const wanted: [string, number][] = [[resolve(dir), 0o5]]; // r-x on the folder itself
  for (let p = dirname(resolve(dir)); ; p = dirname(p)) {
    wanted.push([p, 0o1]); // --x on each parent
    if (p === dirname(p)) break;
  }
  for (const [path, bits] of wanted) {
    const st = await stat(path);
    if (!st.isDirectory()) throw new Error(`${path} is not a folder`);
    const shift = st.uid === who.uid ? 6 : st.gid === who.gid ? 3 : 0;
    if (((st.mode >> shift) & bits) !== bits) {
      throw new Error(
        `${who.user} cannot ${bits === 0o5 ? 'read' : 'traverse'} ${path} (mode ${(st.mode & 0o777).toString(8)}); ` +
          `the proxy workers run as ${who.user}: chmod it 0755 (makeTempDir() does).`,
      );
    }
  }
}
