import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

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

/** Name of the JSON file, in the generated folder, that tells the ZIP app about its members. */
export const ZIP_FIXTURE_JSON = 'zip-fixture.json';
/** Folder (in the generated one) of the 100 x 1 MiB members: the 100 MiB file cut in 1 MiB parts. */
export const ZIP_PARTS_DIR = 'zip-parts';
/** Number of 1 MiB parts: the 100 MiB file's bytes. */
export const ZIP_PART_COUNT = 100;
/** The sparse member (no disk used): zeros, repeated to make the big archives. */
export const ZIP_ZEROS_NAME = 'zip-zeros.bin';

/** What the ZIP app reads from ZIP_FIXTURE_JSON. */
export interface ZipFixture {
  /** Size of the sparse all-zero member. */
  zeroSize: number;
  /** Its CRC-32, computed once here so the archives' layout is known from the first request. */
  zeroCrc32: number;
}

/**
 * The ZIP rows' members (P9-P11): the 100 MiB file cut into 100 files of
 * 1 MiB (the same bytes, so the archive of them is compared with that file),
 * and one sparse file of `zeroSize` zeros (no disk blocks), repeated as many
 * times as needed to make 2 GiB and 4 GiB archives. Its CRC-32 is computed
 * once with zlib.crc32 over a zero buffer (256 MiB: about 0.1 s).
 */
export async function generateZipFixture(dir: string, zeroSize: number): Promise<ZipFixture> {
  const partsDir = join(dir, ZIP_PARTS_DIR);
  await mkdir(partsDir, { mode: 0o755 });
  const source = await open(join(dir, HUNDRED_MIB.name), 'r');
  try {
    const part = Buffer.alloc(MiB);
    for (let index = 0; index < ZIP_PART_COUNT; index++) {
      const { bytesRead } = await source.read(part, 0, MiB, index * MiB);
      await writeFile(join(partsDir, zipPartName(index)), part.subarray(0, bytesRead), { mode: 0o644 });
    }
  } finally {
    await source.close();
  }
  const zeros = await open(join(dir, ZIP_ZEROS_NAME), 'w', 0o644);
  await zeros.truncate(zeroSize);
  await zeros.close();
  const zeroBlock = Buffer.alloc(MiB);
  let crc = 0;
  for (let done = 0; done < zeroSize; done += MiB) crc = crc32(zeroBlock.subarray(0, Math.min(MiB, zeroSize - done)), crc);
  const fixture: ZipFixture = { zeroSize, zeroCrc32: crc };
  await writeFile(join(dir, ZIP_FIXTURE_JSON), JSON.stringify(fixture), { mode: 0o644 });
  return fixture;
}

/** `part-000.bin` ... `part-099.bin`. */
export function zipPartName(index: number): string {
  return `part-${String(index).padStart(3, '0')}.bin`;
}
