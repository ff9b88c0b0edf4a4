import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

/** What lies outside the served folder: no answer may ever contain it. */
export const SECRET = 'TOP SECRET: outside the root';

export const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'; // 62 bytes

/** Names a user may well give a file. */
export const ODD_NAMES = [
  'with space.txt',
  'quote "double" and \'single\'.txt',
  'résumé.txt',
  'Grüße.txt',
  '日本語のファイル.txt',
  '🎉 party 🎂.txt',
  '%41.txt',
  'semi;colon,comma.txt',
];

export interface FixtureTree {
  /** Temp folder holding `root`, `outside` and `root-private`. */
  base: string;
  /** The folder served. */
  root: string;
  big: Buffer;
  bigSha256: string;
  targz: Buffer;
  remove(): void;
}

/**
 * Generates the files the core suites serve in a fresh temp folder:
 * small text files, odd names, a 0-byte file, a multi-MiB random binary, a
 * .tar.gz, a nested file, and links from inside the root to a secret outside.
 */
export function createFixtureTree(bigSize = 4 * 1024 * 1024): FixtureTree {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-core-'));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
  fs.mkdirSync(outside);
  fs.mkdirSync(path.join(base, 'root-private'));

  fs.writeFileSync(path.join(root, 'hello.txt'), 'Hello world\n');
  fs.writeFileSync(path.join(root, 'digits.txt'), DIGITS);
  fs.writeFileSync(path.join(root, 'empty.bin'), '');
  fs.writeFileSync(path.join(root, 'sub', 'nested.txt'), 'nested\n');
  fs.writeFileSync(path.join(root, 'sub', 'deeper', 'deep.txt'), 'deep\n');
  fs.writeFileSync(path.join(root, '..hidden'), 'dots\n');
  for (const name of ODD_NAMES) fs.writeFileSync(path.join(root, name), `content of ${name}\n`);
  const big = randomBytes(bigSize);
  fs.writeFileSync(path.join(root, 'big.bin'), big);
  const targz = gzipSync(Buffer.from('pretend this is a tar archive\n'.repeat(100)));
  fs.writeFileSync(path.join(root, 'archive.tar.gz'), targz);

  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(base, 'root-private', 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'escape.txt'));
  fs.symlinkSync(outside, path.join(root, 'escape-dir'));
  fs.symlinkSync(path.join(root, 'hello.txt'), path.join(root, 'inner-link.txt'));

  return {
    base,
    root,
    big,
    bigSha256: sha256(big),
    targz,
    remove: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
