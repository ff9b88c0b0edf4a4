import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256 } from './http-client';
import { makeTempDir, removeTempDir } from './temp-dir';

/** File names that need care in offload headers (space, %, #, ?, é, emoji, nesting). */
export const AWKWARD_NAMES: readonly string[] = [
  'with space.txt',
  '100% sure.txt',
  '50%25 off.txt', // a literal "%25": decoded once too often, it names another file
  'hash#tag.txt',
  'what?.txt',
  'café.txt',
  'party 🎉.txt',
  'sub dir/résumé 🎉.txt',
];

/** Folders and files the harness spec serves, all under one 0755 temp dir. */
export interface DownloadFiles {
  /** Parent of `files`, `reports` and the secret file. */
  base: string;
  /** Mapped folder `files`. */
  files: string;
  /** Mapped folder `reports`. */
  reports: string;
  /** A file outside both mapped folders, which no proxy may serve. */
  secretPath: string;
  /** `escape.txt` in both mapped folders: a symbolic link to the secret file, which no proxy may follow. */
  escapeLink: string;
  secretText: string;
  small: { name: string; text: string };
  big: { name: string; size: number; sha256: string; bytes: Buffer };
  report: { name: string; text: string };
  /** Text of an awkward file: its own name, so a wrong file is obvious. */
  textOf(name: string): string;
  remove(): Promise<void>;
}

/** Writes the spec's files (a 24 MiB random binary included) into a fresh temp dir. */
export async function createDownloadFiles(bigSize = 24 * 1024 * 1024): Promise<DownloadFiles> {
  const base = await makeTempDir('nestjs-dv-files');
  const files = join(base, 'files');
  const reports = join(base, 'reports');
  await mkdir(files, { mode: 0o755 });
  await mkdir(reports, { mode: 0o755 });
  const textOf = (name: string) => `contents of ${name}\n`;
  const put = async (path: string, data: string | Buffer) => {
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    await writeFile(path, data, { mode: 0o644 });
  };
  const small = { name: 'hello.txt', text: 'Hello world!\n' };
  const bytes = randomBytes(bigSize);
  const big = { name: 'big.bin', size: bigSize, sha256: sha256(bytes), bytes };
  const report = { name: '2024 Q1 report.csv', text: 'quarter,total\nQ1,42\n' };
  const secretPath = join(base, 'secret.txt');
  const secretText = 'TOP SECRET: outside every mapped folder\n';
  await put(join(files, small.name), small.text);
  await put(join(files, big.name), bytes);
  await put(join(reports, report.name), report.text);
  await put(secretPath, secretText);
  for (const name of AWKWARD_NAMES) await put(join(files, name), textOf(name));
  const escapeLink = 'escape.txt';
  await symlink('../secret.txt', join(files, escapeLink));
  await symlink('../secret.txt', join(reports, escapeLink));
  return { base, files, reports, secretPath, secretText, escapeLink, small, big, report, textOf, remove: () => removeTempDir(base) };
}
