import { createHash } from 'node:crypto';

/**
 * The resumable layout: where every byte of the archive comes from, computed
 * before any is produced, so that any range can be produced without what
 * precedes it. The records are the ones yazl writes for members added as
 * streams of known size (general purpose bit 3: sizes and CRC-32 in a data
 * descriptor after the data; UTF-8 names; an Info-ZIP time extra field; ZIP64
 * past 4 GiB or 65,535 entries), checked byte for byte against yazl's output
 * in zip-layout.builder.spec.ts.
 */

/** What the layout needs of a member: stored (no compression). */
export interface LayoutMember {
  /** The safe name inside the archive. */
  name: string;
  size: number;
  modifiedTime: Date;
  /** Needed for the data descriptor and central directory; not for the length. */
  crc32?: number;
  /** Tests only: ZIP64 records even when not needed (yazl's `forceZip64Format`). */
  forceZip64?: boolean;
}

/** A part of the archive: bytes of its own, or the data of a member. */
export type LayoutSegment =
  | { offset: number; length: number; bytes: Buffer }
  | { offset: number; length: number; member: number };

export interface ZipLayout {
  size: number;
  segments: LayoutSegment[];
  /** A strong ETag of the whole archive: a digest of its central directory. */
  etag: string;
}

const LOCAL_HEADER = 30;
const DATA_DESCRIPTOR = 16;
const ZIP64_DATA_DESCRIPTOR = 24;
const CENTRAL_RECORD = 46;
const TIME_EXTRA = 9;
const ZIP64_EXTRA = 28;
const ZIP64_EOCD = 56;
const ZIP64_LOCATOR = 20;
const EOCD = 22;
const UTF8_NAME = 1 << 11;
const DATA_DESCRIPTOR_FOLLOWS = 1 << 3;
const VERSION_UTF8 = 20;
const VERSION_ZIP64 = 45;
const VERSION_MADE_BY = (3 << 8) | 63; // Unix, spec 6.3
const FILE_MODE = 0o100664;

const needsZip64 = (member: LayoutMember, offset: number) =>
  !!member.forceZip64 || member.size > 0xfffffffe || offset > 0xfffffffe;

/** The archive's exact size: needs every member's size, not its CRC-32. */
export function zipSize(members: readonly LayoutMember[], forceZip64Eocd = false): number {
  let cursor = 0;
  let central = 0;
  for (const member of members) {
    const zip64 = needsZip64(member, cursor);
    const name = Buffer.byteLength(member.name);
    cursor += LOCAL_HEADER + name + member.size + (zip64 ? ZIP64_DATA_DESCRIPTOR : DATA_DESCRIPTOR);
    central += CENTRAL_RECORD + name + TIME_EXTRA + (zip64 ? ZIP64_EXTRA : 0);
  }
  const zip64Eocd = forceZip64Eocd || members.length >= 0xffff || central >= 0xffffffff || cursor >= 0xffffffff;
  return cursor + central + (zip64Eocd ? ZIP64_EOCD + ZIP64_LOCATOR : 0) + EOCD;
}

/** The whole layout: needs every member's size and CRC-32. */
export function buildZipLayout(members: readonly LayoutMember[], forceZip64Eocd = false): ZipLayout {
  const segments: LayoutSegment[] = [];
  const centrals: Buffer[] = [];
  let cursor = 0;
  // Records between two members' data make one segment (a data descriptor and
  // the next local header, the last one and the central directory): one write.
  let records: Buffer[] = [];
  let recordsAt = 0;
  const push = (bytes: Buffer) => {
    if (records.length === 0) recordsAt = cursor;
    records.push(bytes);
    cursor += bytes.length;
  };
  const flush = () => {
    if (records.length === 0) return;
    const bytes = records.length === 1 ? records[0] : Buffer.concat(records);
    segments.push({ offset: recordsAt, length: bytes.length, bytes });
    records = [];
  };
  members.forEach((member, index) => {
    if (member.crc32 === undefined) throw new TypeError(`No CRC-32 for ${member.name}`);
    const offset = cursor;
    const zip64 = needsZip64(member, offset);
    const name = Buffer.from(member.name);
    const { date, time } = dateToDosDateTime(member.modifiedTime);
    push(localHeader(name, date, time));
    push(name);
    if (member.size > 0) {
      flush();
      segments.push({ offset: cursor, length: member.size, member: index });
      cursor += member.size;
    }
    push(dataDescriptor(member, zip64));
    centrals.push(centralRecord(member, name, date, time, offset, zip64));
  });
  const centralOffset = cursor;
  const central = Buffer.concat(centrals);
  const end = endRecords(members.length, central.length, centralOffset, forceZip64Eocd);
  push(central);
  push(end);
  flush();
  const etag = `"${createHash('sha256').update(central).update(end).digest('base64url').slice(0, 32)}"`;
  return { size: cursor, segments, etag };
}

function localHeader(name: Buffer, date: number, time: number): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION_UTF8, 4);
  header.writeUInt16LE(UTF8_NAME | DATA_DESCRIPTOR_FOLLOWS, 6);
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  // CRC-32 and sizes: 0 here, in the data descriptor (bit 3).
  header.writeUInt16LE(name.length, 26);
  return header;
}

function dataDescriptor(member: LayoutMember, zip64: boolean): Buffer {
  const descriptor = Buffer.alloc(zip64 ? ZIP64_DATA_DESCRIPTOR : DATA_DESCRIPTOR);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(member.crc32!, 4);
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(member.size), 8);
    descriptor.writeBigUInt64LE(BigInt(member.size), 16);
  } else {
    descriptor.writeUInt32LE(member.size, 8);
    descriptor.writeUInt32LE(member.size, 12);
  }
  return descriptor;
}

function centralRecord(member: LayoutMember, name: Buffer, date: number, time: number, offset: number, zip64: boolean): Buffer {
  const record = Buffer.alloc(CENTRAL_RECORD + name.length + TIME_EXTRA + (zip64 ? ZIP64_EXTRA : 0));
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(VERSION_MADE_BY, 4);
  record.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_UTF8, 6);
  record.writeUInt16LE(UTF8_NAME | DATA_DESCRIPTOR_FOLLOWS, 8);
  record.writeUInt16LE(0, 10);
  record.writeUInt16LE(time, 12);
  record.writeUInt16LE(date, 14);
  record.writeUInt32LE(member.crc32!, 16);
  record.writeUInt32LE(zip64 ? 0xffffffff : member.size, 20);
  record.writeUInt32LE(zip64 ? 0xffffffff : member.size, 24);
  record.writeUInt16LE(name.length, 28);
  record.writeUInt16LE(TIME_EXTRA + (zip64 ? ZIP64_EXTRA : 0), 30);
  // comment length, disk number, internal attributes: 0
  record.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  record.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
  let at = CENTRAL_RECORD;
  at += name.copy(record, at);
  // Info-ZIP universal time (mtime; the atime flag set as Info-ZIP does).
  record.writeUInt16LE(0x5455, at);
  record.writeUInt16LE(TIME_EXTRA - 4, at + 2);
  record.writeUInt8(0b11, at + 4);
  const seconds = Math.floor(member.modifiedTime.getTime() / 1000);
  record.writeInt32LE(Math.min(0x7fffffff, Math.max(-0x80000000, seconds)) | 0, at + 5);
  at += TIME_EXTRA;
  if (zip64) {
    record.writeUInt16LE(0x0001, at);
    record.writeUInt16LE(ZIP64_EXTRA - 4, at + 2);
    record.writeBigUInt64LE(BigInt(member.size), at + 4);
    record.writeBigUInt64LE(BigInt(member.size), at + 12);
    record.writeBigUInt64LE(BigInt(offset), at + 20);
  }
  return record;
}

function endRecords(entries: number, centralSize: number, centralOffset: number, force: boolean): Buffer {
  const manyEntries = force || entries >= 0xffff;
  const bigCentral = force || centralSize >= 0xffffffff;
  const farCentral = force || centralOffset >= 0xffffffff;
  const eocd = Buffer.alloc(EOCD);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(manyEntries ? 0xffff : entries, 8);
  eocd.writeUInt16LE(manyEntries ? 0xffff : entries, 10);
  eocd.writeUInt32LE(bigCentral ? 0xffffffff : centralSize, 12);
  eocd.writeUInt32LE(farCentral ? 0xffffffff : centralOffset, 16);
  if (!manyEntries && !bigCentral && !farCentral) return eocd;
  const zip64 = Buffer.alloc(ZIP64_EOCD + ZIP64_LOCATOR);
  zip64.writeUInt32LE(0x06064b50, 0);
  zip64.writeBigUInt64LE(BigInt(ZIP64_EOCD - 12), 4);
  zip64.writeUInt16LE(VERSION_MADE_BY, 12);
  zip64.writeUInt16LE(VERSION_ZIP64, 14);
  zip64.writeBigUInt64LE(BigInt(entries), 24);
  zip64.writeBigUInt64LE(BigInt(entries), 32);
  zip64.writeBigUInt64LE(BigInt(centralSize), 40);
  zip64.writeBigUInt64LE(BigInt(centralOffset), 48);
  zip64.writeUInt32LE(0x07064b50, ZIP64_EOCD);
  zip64.writeBigUInt64LE(BigInt(centralOffset + centralSize), ZIP64_EOCD + 8);
  zip64.writeUInt32LE(1, ZIP64_EOCD + 16);
  return Buffer.concat([zip64, eocd]);
}

const MIN_DOS_DATE = new Date(1980, 0, 1);
const MAX_DOS_DATE = new Date(2107, 11, 31, 23, 59, 58);

/** MS-DOS date and time, in the local time zone and clamped, as yazl writes them. */
export function dateToDosDateTime(when: Date): { date: number; time: number } {
  const at = when < MIN_DOS_DATE ? MIN_DOS_DATE : when > MAX_DOS_DATE ? MAX_DOS_DATE : when;
  const date = (at.getDate() & 0x1f) | (((at.getMonth() + 1) & 0xf) << 5) | (((at.getFullYear() - 1980) & 0x7f) << 9);
  const time = Math.floor(at.getSeconds() / 2) | ((at.getMinutes() & 0x3f) << 5) | ((at.getHours() & 0x1f) << 11);
  return { date, time };
}
