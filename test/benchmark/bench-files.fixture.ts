import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** One generated file: its name in the folder and its size. */
export interface BenchFile {
  label: string;
  name: string;
  size: number;
}

export const TINY: BenchFile = { label: '13 B', name: 'tiny.txt', size: 13 };
export const ONE_MIB: BenchFile = { label: '1 MiB', name: 'one-mib.bin', size: MiB };
export const HUNDRED_MIB: BenchFile = { label: '100 MiB', name: 'hundred-mib.bin', size: 100 * MiB };
export const ONE_GIB: BenchFile = { label: '1 GiB', name: 'one-gib.bin', size: GiB };

/** The generated files and the temp folder holding them; `remove()` deletes it all. */
export interface BenchFiles {
  dir: string;
  files: BenchFile[];
  /** The biggest file generated (1 GiB in the full run, 100 MiB in the quick one). */
  biggest: BenchFile;
  remove(): Promise<void>;
}

/**
 * Writes 13 B, 1 MiB, 100 MiB (and 1 GiB) files of random-looking bytes into
 * a fresh folder under the OS temp dir, readable by nginx's workers. Big
 * files repeat a 1 MiB random block, each copy with its index stamped in, so
 * no content is all zeros nor identical page to page (nothing to special-case),
 * and generation stays fast (about 1 s per GiB).
 */
export async function generateBenchFiles(withGiB: boolean): Promise<BenchFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-'));
  await chmod(dir, 0o755);
  const files = [TINY, ONE_MIB, HUNDRED_MIB, ...(withGiB ? [ONE_GIB] : [])];
  try {
    await writeFile(join(dir, TINY.name), 'Hello world!\n', { mode: 0o644 });
    const block = randomBytes(MiB);
    for (const file of files.slice(1)) await writeBlocks(join(dir, file.name), file.size, block);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    files,
    biggest: files[files.length - 1],
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

function writeBlocks(path: string, size: number, block: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path, { mode: 0o644 });
    out.once('error', reject);
    out.once('finish', resolve);
    let index = 0;
    const count = Math.ceil(size / block.length);
    const writeMore = () => {
      while (index < count) {
        const chunk = Buffer.from(block);
        chunk.writeUInt32BE(index, 0);
        const last = index === count - 1 ? size - index * block.length : block.length;
        index++;
        if (!out.write(last === block.length ? chunk : chunk.subarray(0, last))) {
          out.once('drain', writeMore);
          return;
        }
      }
      out.end();
    };
    writeMore();
  });
}
