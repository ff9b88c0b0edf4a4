import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { ZipFile as YazlZipFile } from 'yazl';
import { yazlWithZlibCrc32 } from './yazl-crc32.util';

type BufferCrc32 = { unsigned(input: unknown, previous?: unknown): number; signed(input: unknown, previous?: unknown): number };
const bufferCrc32 = createRequire(require.resolve('yazl'))('buffer-crc32') as BufferCrc32;

describe('yazlWithZlibCrc32', () => {
  const original = bufferCrc32.unsigned;
  beforeAll(() => yazlWithZlibCrc32());

  it("gives yazl's buffer-crc32 zlib's CRC-32, with the same results as the original", () => {
    expect(bufferCrc32.unsigned).not.toBe(original);
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    for (const [input, previous] of [
      [bytes, undefined],
      [bytes.subarray(0, 1), 0],
      [bytes.subarray(3, 999), 0xffffffff],
      [bytes.subarray(5), 0x12345678],
      [Buffer.alloc(0), 42],
    ] as const) {
      expect(bufferCrc32.unsigned(input, previous)).toBe(original(input, previous));
      expect(bufferCrc32.unsigned(input, previous)).toBe(crc32(input, previous));
    }
    // Inputs zlib.crc32 would read otherwise still go to the original.
    expect(bufferCrc32.unsigned('text', -1)).toBe(original('text', -1));
    expect(bufferCrc32.unsigned(bytes, Buffer.from([1, 2, 3, 4]))).toBe(original(bytes, Buffer.from([1, 2, 3, 4])));
  });

  it('leaves a second call alone', () => {
    const patched = bufferCrc32.unsigned;
    yazlWithZlibCrc32();
    expect(bufferCrc32.unsigned).toBe(patched);
  });

  it('leaves yazl writing the right CRC-32', async () => {
    const content = Buffer.from('hello, crc\n'.repeat(1000));
    const zip = new YazlZipFile();
    zip.addBuffer(content, 'a.txt', { compress: false });
    zip.end();
    const archive = await buffer(zip.outputStream as Readable);
    // The local header of a buffer member carries its CRC-32 (offset 14).
    expect(archive.readUInt32LE(14)).toBe(crc32(content));
  });
});
