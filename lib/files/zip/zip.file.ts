import type { Readable } from 'node:stream';
import type { ByteRange, FileStat } from '../../interfaces/file-stat.interface';
import { DownloadFile } from '../download.file';
import { yazlArchive, layoutRange } from './zip-archive.stream';
import type { StreamMember } from './zip-member.interface';
import type { ZipEntry, ZipFileOptions } from './zip-file.options';
import { buildZipLayout, type ZipLayout, zipSize } from './zip-layout.builder';
import { safeZipNames } from './zip-names.util';

/** The earliest time a ZIP archive can hold, for members that report none. */
const ZIP_EPOCH = new Date(1980, 0, 1);

/** Members looked at together before the first byte (stat() of each). */
const STAT_CONCURRENCY = 8;

/**
 * Several files sent as one ZIP archive, produced while it is sent: members
 * are opened one at a time, never collected in memory or in a temp file.
 *
 * Members are stored by default (deflate with `compress`), names are UTF-8
 * and made safe, ZIP64 is used past 4 GiB or 65,535 members, and each member
 * keeps its modification time. When every member's size is known and none is
 * compressed, the exact Content-Length is sent. When the CRC-32 of every
 * member is known too (given in the entries, or remembered by a
 * `ZipLayoutMemo` from an earlier pass), the whole layout is known up front:
 * strong ETag, Range (a resumed download continues the same bytes), If-Range
 * and 304; that layout is trusted, as an ETag is (`verifyCrc32` rechecks
 * each member sent whole). Otherwise the archive streams with 200 and no
 * Accept-Ranges.
 *
 * @example
 * new ZipFile([{ file: storage.file('a.txt'), name: 'a.txt' }], { name: 'files.zip', memo })
 */
export class ZipFile extends DownloadFile {
  private readonly entries: readonly ZipEntry[];
  private members: StreamMember[] = [];
  private layout?: ZipLayout;

  constructor(
    entries: Iterable<ZipEntry>,
    protected readonly zipOptions: ZipFileOptions,
  ) {
    super(zipOptions?.name, zipOptions);
    if (!zipOptions || typeof zipOptions.name !== 'string') throw new TypeError('ZipFile needs a `name` option');
    this.entries = [...entries];
  }

  /** Seekable (Range, If-Range) once `stat()` has found the whole layout. */
  override get seekable(): boolean {
    return this.layout !== undefined;
  }

  override getMimeType(): string | undefined {
    return this.zipOptions.mimetype ?? 'application/zip';
  }

  /** The members as they will be sent (after `stat()`): safe names, sizes, CRC-32 when known. */
  getMembers(): ReadonlyArray<{ name: string; size?: number; crc32?: number }> {
    return this.members.map(({ name, size, crc32 }) => ({ name, size, crc32 }));
  }

  protected async loadStat(): Promise<FileStat | null> {
    const stats = await mapLimited(this.entries, STAT_CONCURRENCY, (entry) => entry.file.stat());
    const kept = this.entries.flatMap((entry, index) => (stats[index] ? [{ entry, stat: stats[index]! }] : []));
    if (kept.length < this.entries.length && this.zipOptions.missing !== 'skip') return null;
    const names = safeZipNames(kept.map(({ entry }) => entry.name));
    const memo = this.zipOptions.memo;
    this.members = kept.map(({ entry, stat }, index): StreamMember => {
      const name = names[index];
      const modifiedTime = stat.modifiedTime ?? this.zipOptions.modifiedTime ?? ZIP_EPOCH;
      const key = memo && stat.size !== undefined && (stat.modifiedTime || stat.etag)
        ? JSON.stringify([entry.file.constructor.name, entry.file.name, stat.size, stat.modifiedTime?.getTime(), stat.etag])
        : undefined;
      return {
        file: entry.file,
        name,
        size: stat.size,
        modifiedTime,
        compress: entry.compress ?? this.zipOptions.compress ?? false,
        crc32: entry.crc32 ?? (key ? memo!.get(key) : undefined),
        onCrc: key ? (crc) => memo!.set(key, crc) : undefined,
        onStale: key ? () => memo!.delete(key) : undefined,
      };
    });
    const members = this.members;
    if (!members.every((m) => m.size !== undefined && !m.compress)) return {};
    const layoutMembers = members.map((m) => ({ name: m.name, size: m.size!, modifiedTime: m.modifiedTime, crc32: m.crc32 }));
    const whole = members.every((m) => m.crc32 !== undefined && (m.size === 0 || m.file.seekable));
    if (!whole) return { size: zipSize(layoutMembers) };
    this.layout = buildZipLayout(layoutMembers);
    const newest = Math.max(ZIP_EPOCH.getTime(), ...members.map((m) => m.modifiedTime.getTime()));
    return { size: this.layout.size, modifiedTime: new Date(newest), etag: this.layout.etag };
  }

  async open(range?: ByteRange): Promise<Readable> {
    // Nest's own StreamableFile handling (no interceptor) opens without stat().
    if (!(await this.stat())) throw Object.assign(new Error(`A member of ${this.name} is missing`), { code: 'ENOENT' });
    if (!this.layout) return yazlArchive(this.members);
    const whole = { start: 0, end: this.layout.size - 1 };
    return layoutRange(this.layout, this.members, range ?? whole, this.zipOptions.verifyCrc32 === true);
  }

  /** Releases what the members' `stat()` holds (e.g. remote answers not read). */
  override async dispose(): Promise<void> {
    await Promise.all(this.entries.map((entry) => entry.file.dispose()));
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
