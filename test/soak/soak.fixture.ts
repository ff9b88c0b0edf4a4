import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files every streamed wrapper serves (path, storage, and the origin behind http), by name. */
export const SERVED_FILES: Record<string, number> = {
  'small.txt': 13,
  'mid.bin': 64 * 1024,
  'big.bin': 1024 * 1024,
};
/** Files under the offload rule: the app answers X-Accel-Redirect, never their bytes. */
export const PROTECTED_FILES = ['report.pdf', 'archive.bin'];
export const PROTECTED_LOCATION = '/protected/';

export const VIRTUAL_TEXT = 'Grüße from a VirtualFile\n'.repeat(40);
export const GENERATED_CHUNK = 8 * 1024;
export const GENERATED_CHUNKS = 32;

/** Chunk `index` of the generated (unseekable) VirtualFile. */
export function generatedChunk(index: number): Buffer {
  return Buffer.alloc(GENERATED_CHUNK, index % 251);
}

export function generatedBody(): Buffer {
  return Buffer.concat(Array.from({ length: GENERATED_CHUNKS }, (_, index) => generatedChunk(index)));
}

/** Deterministic bytes of a file: a SHA-256 counter stream seeded by its name. */
export function contentOf(name: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, block = 0; offset < size; block++) {
    const digest = createHash('sha256').update(`${name}:${block}`).digest();
    offset += digest.copy(out, offset);
  }
  return out;
}

export interface SoakTree {
  root: string;
  served: string;
  protectedDir: string;
  contents: Map<string, Buffer>;
}

/** Writes the served and protected files under a new temporary folder. */
export function writeSoakTree(): SoakTree {
  const root = mkdtempSync(join(tmpdir(), 'nestjs-dv-soak-'));
  const served = join(root, 'served');
  const protectedDir = join(root, 'protected');
  mkdirSync(served);
  mkdirSync(protectedDir);
  const contents = new Map<string, Buffer>();
  for (const [name, size] of Object.entries(SERVED_FILES)) {
    const bytes = contentOf(name, size);
    writeFileSync(join(served, name), bytes);
    contents.set(name, bytes);
  }
  for (const name of PROTECTED_FILES) writeFileSync(join(protectedDir, name), contentOf(name, 4096));
  return { root, served, protectedDir, contents };
}
