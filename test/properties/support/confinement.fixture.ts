import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every file outside the root holds this; a download that returns it has escaped. */
export const SECRET = 'SECRET-OUTSIDE-THE-ROOT';

export interface ConfinementTree {
  base: string;
  root: string;
  remove(): void;
}

/**
 * base/root with ordinary files, a Unicode name in NFC, links that stay inside
 * and links (direct, absolute, chained, through a folder) that lead out to
 * base/outside, base/root-evil (a sibling sharing the root's prefix) and base/.
 */
export function createConfinementTree(): ConfinementTree {
  const base = mkdtempSync(join(tmpdir(), 'confinement-'));
  const root = join(base, 'root');
  mkdirSync(join(root, 'dir'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  mkdirSync(join(base, 'root-evil'));
  writeFileSync(join(root, 'inside.txt'), 'inside\n');
  writeFileSync(join(root, 'dir', 'inner.txt'), 'inner\n');
  writeFileSync(join(root, 'caf\u00e9.txt'), 'nfc\n');
  writeFileSync(join(root, '\u2024\u2024'), 'one-dot leaders\n');
  writeFileSync(join(base, 'outside', 'secret.txt'), SECRET);
  writeFileSync(join(base, 'root-evil', 'secret.txt'), SECRET);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync('inside.txt', join(root, 'link-in'));
  symlinkSync('chain2', join(root, 'chain1'));
  symlinkSync('chain3', join(root, 'chain2'));
  symlinkSync('../outside/secret.txt', join(root, 'chain3'));
  symlinkSync('../outside', join(root, 'dirlink'));
  symlinkSync(join(base, 'secret.txt'), join(root, 'abslink'));
  symlinkSync('../../root-evil/secret.txt', join(root, 'dir', 'up'));
  symlinkSync('loop', join(root, 'loop'));
  return { base, root, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** Pieces of names: real names, dots and their encodings, separators, NUL, look-alikes, NFD, long names. */
export const NAME_PIECES = [
  'inside.txt', 'dir', 'inner.txt', 'link-in', 'chain1', 'chain3', 'dirlink', 'abslink', 'up', 'loop',
  'outside', 'secret.txt', 'root-evil', 'root', 'caf\u00e9.txt', 'cafe\u0301.txt',
  '..', '.', '...', '%2e%2e', '%2E%2e', '.%2e', '%252e%252e', '%25252e%25252e', '%2525252e%2525252e',
  '%2f', '%2F', '%252f', '%5c', '%5C', '%255c', '\\', '..\\', '\\..', '\0', '%00', '%2500', '%c0%ae%c0%ae', '%e2%80%a4',
  '\u2024\u2024', '\u2025', '\uff0e\uff0e', '\u2215', '\uff0f', '\u29f8', '\u2216', 'C:', 'c:\\', '%', '%zz', '~', ' ', '\t', '\n',
  'a'.repeat(255), 'b'.repeat(300),
];

/** Names of the tree and dot segments, so that many generated names do exist (inside or out). */
const PLAUSIBLE = [
  'inside.txt', 'dir', 'inner.txt', 'link-in', 'chain1', 'chain3', 'dirlink', 'abslink', 'up', 'loop', 'secret.txt',
  'outside', 'root-evil', 'caf\u00e9.txt', 'cafe\u0301.txt', '\u2024\u2024', '..', '.', '%2e%2e',
];

const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...NAME_PIECES), { minLength: 1, maxLength: 3 }).map((p) => p.join('')) },
);

/** A relative name: 1-4 segments joined by `/` (sometimes `//`, `/./` or a leading `/`). */
export const relativeName: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '', '', '', '', '', '/', './'),
    fc.array(segment, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('/', '/', '/', '/', '/', '//', '/./'),
  )
  .map(([lead, segments, sep]) => lead + segments.join(sep));

/** Names as they reach wrappers: a string, or the segment array Express gives for `*name`. */
export const nameInput: fc.Arbitrary<string | string[]> = fc.oneof(
  { weight: 3, arbitrary: relativeName },
  { weight: 1, arbitrary: relativeName.map((name) => name.split('/')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);
