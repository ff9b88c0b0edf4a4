import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';

type Unsigned = ((input: unknown, previous?: unknown) => number) & { zlib?: true };

let done = false;

/**
 * yazl (3.3) computes each member's CRC-32 with `buffer-crc32`, byte by byte
 * in JavaScript (about a tenth of the speed of Node's `zlib.crc32`), and takes
 * no CRC-32 from its caller. This gives the `buffer-crc32` that yazl loads an
 * `unsigned()` that hands what yazl passes it (a Buffer and the CRC-32 so far)
 * to `zlib.crc32`, which returns the same number; any other input still goes
 * to the original. Done once, before the first archive; the archives are
 * checked by unzip, 7z, bsdtar and Python in test/core/zip-file.e2e-spec.ts.
 */
export function yazlWithZlibCrc32(): void {
  if (done) return;
  done = true;
  let bufferCrc32: { unsigned?: Unsigned };
  try {
    bufferCrc32 = createRequire(require.resolve('yazl'))('buffer-crc32') as { unsigned?: Unsigned };
  } catch {
    return; // a yazl without buffer-crc32 computes its CRC-32 some other way
  }
  const original = bufferCrc32.unsigned;
  if (typeof original !== 'function' || original.zlib) return;
  const unsigned: Unsigned = (input, previous) =>
    Buffer.isBuffer(input) && (previous === undefined || (Number.isInteger(previous) && (previous as number) >= 0 && (previous as number) <= 0xffffffff))
      ? crc32(input, previous as number | undefined)
      : original(input, previous);
  unsigned.zlib = true;
  bufferCrc32.unsigned = unsigned;
}
