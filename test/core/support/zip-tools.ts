import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The real archivers the ZIP suites check archives with (Debian: unzip, 7zip, libarchive-tools, python3). */
export const ZIP_TOOLS: Array<{ tool: string; check: (zip: string) => string[] }> = [
  { tool: 'unzip -t', check: (zip) => ['unzip', '-t', zip] },
  { tool: '7z t', check: (zip) => [sevenZip(), 't', zip] },
  { tool: 'bsdtar -tf', check: (zip) => ['bsdtar', '-tf', zip] },
  {
    tool: 'python zipfile testzip',
    check: (zip) => ['python3', '-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); bad=z.testzip(); sys.exit(1 if bad else 0)', zip],
  },
];

/** Debian's 7zip names its binary 7zz; p7zip-full 7z. */
export function sevenZip(): string {
  for (const name of ['7zz', '7z']) if (spawnSync(name, ['i'], { stdio: 'ignore' }).status === 0) return name;
  return '7zz';
}

/** Runs a tool, failing with its output when it does. */
export function run(argv: string[], options: { cwd?: string } = {}): string {
  return execFileSync(argv[0], argv.slice(1), { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** Runs a client of the app under test: asynchronously, so that the app can answer it. */
export async function runClient(argv: string[], timeout = 60_000): Promise<string> {
  const { stdout } = await promisify(execFile)(argv[0], argv.slice(1), { encoding: 'utf8', timeout, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Extracts with unzip and answers every extracted file, by relative path. */
export function extract(zip: string, into: string): Map<string, Buffer> {
  fs.mkdirSync(into, { recursive: true });
  run(['unzip', '-q', '-o', zip, '-d', into]);
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(into, full), fs.readFileSync(full));
    }
  };
  walk(into);
  return files;
}
