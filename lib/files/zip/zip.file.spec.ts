import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { PathFile } from '../path.file';
import { VirtualFile } from '../virtual.file';
import { ZipLayoutMemo } from './zip-layout.memo';
import { safeZipNames } from './zip-names.util';
import { ZipFile } from './zip.file';

const modifiedTime = new Date('2025-01-02T03:04:05Z');
const member = (text: string, name: string) => ({ file: new VirtualFile(text, { name, modifiedTime }), name });

describe('ZipFile', () => {
  it('streams the same bytes with yazl (first pass) and from its layout (memo known), and any slice of them', async () => {
    const memo = new ZipLayoutMemo();
    const entries = () => [member('one\n', 'a.txt'), member('two two\n', 'dir/b.txt')];
    const first = new ZipFile(entries(), { name: 'x.zip', memo });
    expect(await first.stat()).toEqual({ size: expect.any(Number) });
    expect(first.seekable).toBe(false);
    const streamed = await buffer(await first.open());
    expect(memo.size).toBe(2);
    const second = new ZipFile(entries(), { name: 'x.zip', memo });
    const stat = await second.stat();
    expect(second.seekable).toBe(true);
    expect(stat).toMatchObject({ size: streamed.length, etag: expect.stringMatching(/^"/), modifiedTime });
    expect((await buffer(await second.open())).equals(streamed)).toBe(true);
    for (let start = 0; start < streamed.length; start += 7) {
      const end = Math.min(streamed.length - 1, start + 13);
      expect((await buffer(await second.open({ start, end }))).equals(streamed.subarray(start, end + 1))).toBe(true);
    }
  });

  it('knows the layout from CRC-32 given by the caller, and opens without a prior stat() (Nest without the interceptor)', async () => {
    const entries = [{ ...member('given\n', 'g.txt'), crc32: crc32('given\n') }];
    const zip = new ZipFile(entries, { name: 'g.zip' });
    const bytes = await buffer(await zip.open());
    expect(zip.seekable).toBe(true);
    expect(bytes.length).toBe((await zip.stat())!.size);
  });

  it('trusts a known layout by default: a member changed at the same size is sent under its announced CRC-32; verifyCrc32 fails it', async () => {
    const entries = () => [{ ...member('after!\n', 'c.txt'), crc32: crc32('before\n') }];
    const trusted = new ZipFile(entries(), { name: 'c.zip' });
    expect((await buffer(await trusted.open())).length).toBe((await trusted.stat())!.size);
    const verified = new ZipFile(entries(), { name: 'c.zip', verifyCrc32: true });
    await expect(buffer(await verified.open())).rejects.toThrow(/c\.txt changed/);
  });

  it.each([false, true])('fails a member of a known layout shorter or longer than its size (verifyCrc32: %s)', async (verifyCrc32) => {
    const sized = (announced: number, sent: number) => {
      const file = new VirtualFile(Buffer.alloc(announced, 1), { name: 'm', modifiedTime });
      jest.spyOn(file, 'open').mockImplementation(async () => Readable.from([Buffer.alloc(sent, 1)]));
      return new ZipFile([{ file, name: 'm.bin', crc32: crc32(Buffer.alloc(announced, 1)) }], { name: 'm.zip', verifyCrc32 });
    };
    await expect(buffer(await sized(10, 5).open())).rejects.toThrow(/shorter than its size/);
    await expect(buffer(await sized(5, 10).open())).rejects.toThrow(/longer than its size/);
    const dir = mkdtempSync(join(tmpdir(), 'ndv-zip-'));
    try {
      writeFileSync(join(dir, 'local.bin'), Buffer.alloc(1000, 1));
      const local = new ZipFile([{ file: new PathFile('local.bin', { root: dir }), name: 'local.bin', crc32: crc32(Buffer.alloc(1000, 1)) }], { name: 'l.zip', verifyCrc32 });
      await local.stat();
      truncateSync(join(dir, 'local.bin'), 500);
      await expect(buffer(await local.open())).rejects.toThrow(/shorter than its size/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers null (404) for a missing member, or leaves it out with missing: skip', async () => {
    const missing = { file: new VirtualFile('x', { name: 'm' }), name: 'm' };
    jest.spyOn(missing.file, 'stat').mockResolvedValue(null);
    expect(await new ZipFile([member('a', 'a'), missing], { name: 'z.zip' }).stat()).toBeNull();
    const skipping = new ZipFile([member('a', 'a'), missing], { name: 'z.zip', missing: 'skip' });
    expect(await skipping.stat()).not.toBeNull();
    expect(skipping.getMembers().map((m) => m.name)).toEqual(['a']);
  });

  it('is application/zip, named by its name', () => {
    const zip = new ZipFile([], { name: 'exports/all.zip' });
    expect(zip.getMimeType()).toBe('application/zip');
    expect(zip.getDefaultBasename()).toBe('all.zip');
    expect(() => new ZipFile([], undefined as never)).toThrow(/name/);
  });
});

describe('safeZipNames', () => {
  it('drops what would leave the extraction folder and numbers duplicates', () => {
    expect(safeZipNames(['../../x.txt', '/abs', 'C:\\w\\y.txt', 'a/./b/../c', '', 'x.txt', 'X.TXT', 'dir/.hidden', 'a\u0000b'])).toEqual([
      'x.txt',
      'abs',
      'w/y.txt',
      'a/b/c',
      'file',
      'x (2).txt',
      'X (3).TXT',
      'dir/.hidden',
      'ab',
    ]);
  });
});

describe('ZipLayoutMemo', () => {
  it('forgets the least recently used past maxEntries', () => {
    const memo = new ZipLayoutMemo({ maxEntries: 2 });
    memo.set('a', 1);
    memo.set('b', 2);
    memo.get('a');
    memo.set('c', 3);
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual([1, undefined, 3]);
  });
});
