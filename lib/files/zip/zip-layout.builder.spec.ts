import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { ZipFile as YazlZipFile } from 'yazl';
import { buildZipLayout, type LayoutMember, zipSize } from './zip-layout.builder';

/** What yazl writes for these members, added as streams of known size. */
async function yazlBytes(members: ReadonlyArray<LayoutMember & { content: Buffer }>, forceZip64 = false): Promise<Buffer> {
  const zip = new YazlZipFile();
  for (const m of members) {
    zip.addReadStream(Readable.from([m.content]), m.name, {
      compress: false,
      mtime: m.modifiedTime,
      size: m.size,
      forceZip64Format: forceZip64,
    });
  }
  zip.end({ forceZip64Format: forceZip64, comment: '' });
  return buffer(zip.outputStream as Readable);
}

/** The archive as the layout produces it, with the members' bytes in place. */
function layoutBytes(members: ReadonlyArray<LayoutMember & { content: Buffer }>, forceZip64 = false): Buffer {
  const layout = buildZipLayout(members.map((m) => ({ ...m, forceZip64 })), forceZip64);
  const parts = layout.segments.map((s) => ('bytes' in s ? s.bytes : members[s.member].content));
  const bytes = Buffer.concat(parts);
  expect(bytes.length).toBe(layout.size);
  return bytes;
}

function member(name: string, content: Buffer | string, modifiedTime = new Date('2025-03-01T10:00:01Z')) {
  const bytes = Buffer.from(content);
  return { name, content: bytes, size: bytes.length, crc32: crc32(bytes), modifiedTime };
}

describe('ZIP layout (checked byte for byte against yazl)', () => {
  const members = [
    member('hello.txt', 'Hello world\n'),
    member('empty.bin', ''),
    member('dossier/Grüße 日本語.txt', 'UTF-8 name\n', new Date('1975-06-01T00:00:00Z')),
    member('binary.bin', Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256)), new Date('2107-12-31T23:59:59Z')),
  ];

  it('writes the same bytes as yazl, and knows the size without the CRC-32', async () => {
    const expected = await yazlBytes(members);
    expect(layoutBytes(members).equals(expected)).toBe(true);
    expect(zipSize(members.map(({ crc32: _crc, ...m }) => m))).toBe(expected.length);
  });

  it('writes the same ZIP64 records as yazl (forced: the real thresholds need 4 GiB)', async () => {
    const expected = await yazlBytes(members, true);
    expect(layoutBytes(members, true).equals(expected)).toBe(true);
    expect(zipSize(members.map((m) => ({ ...m, forceZip64: true })), true)).toBe(expected.length);
  });

  it('writes an empty archive as yazl does', async () => {
    expect(layoutBytes([]).equals(await yazlBytes([]))).toBe(true);
  });

  it('has the exact size when the central directory passes 64 KiB (yazl\'s own estimate is 76 B off there)', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => member(`folder/a-rather-long-member-name-${i}.txt`, `${i}\n`));
    const expected = await yazlBytes(many);
    expect(layoutBytes(many).equals(expected)).toBe(true);
    expect(zipSize(many)).toBe(expected.length);
  });

  it('switches to ZIP64 end records at 65,535 members, which Python reads back', () => {
    // yazl takes minutes for 65,535 members (it scans its entry list per member): the
    // end records are the forced-ZIP64 ones compared above; Python checks the count.
    const many = Array.from({ length: 65_535 }, (_, i) => member(`${i}`, ''));
    const bytes = layoutBytes(many);
    expect(zipSize(many)).toBe(bytes.length);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-zip64-'));
    try {
      fs.writeFileSync(path.join(dir, 'many.zip'), bytes);
      const count = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(len(z.infolist()))', path.join(dir, 'many.zip')]);
      expect(count.toString().trim()).toBe('65535');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('computes ZIP64 sizes past 4 GiB without producing them', () => {
    const big = [
      { name: 'a.bin', size: 3 * 2 ** 30, modifiedTime: new Date(), crc32: 1 },
      { name: 'b.bin', size: 2 ** 32, modifiedTime: new Date(), crc32: 2 },
    ];
    const layout = buildZipLayout(big);
    // a: 16 B descriptor; b (at > 3 GiB... and 4 GiB long): 24 B descriptor and a 28 B ZIP64 extra; ZIP64 end records.
    const expected = 30 + 5 + big[0].size + 16 + 30 + 5 + big[1].size + 24 + (46 + 5 + 9) + (46 + 5 + 9 + 28) + 56 + 20 + 22;
    expect(layout.size).toBe(expected);
    expect(zipSize(big)).toBe(expected);
  });
});
