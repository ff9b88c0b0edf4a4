import { Readable, Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ZipFile as YazlZipFile } from 'yazl';
import type { ByteRange } from '../../interfaces/file-stat.interface';
import type { DownloadFile } from '../download.file';
import type { LayoutSegment, ZipLayout } from './zip-layout.builder';

/** A member as the archive streams it. */
export interface StreamMember {
  file: DownloadFile;
  name: string;
  size?: number;
  modifiedTime: Date;
  compress: boolean;
  /** The CRC-32 it must have, when known. */
  crc32?: number;
  /** Told the member's CRC-32 once it has been read whole, at the expected size. */
  onCrc?: (crc32: number) => void;
  /** Told when the member's content does not match the CRC-32 expected. */
  onStale?: () => void;
}

/**
 * The whole archive written by yazl while it is read: members are opened one
 * at a time, when their turn comes; a member that fails (or is shorter or
 * longer than its size) fails the stream; destroying it closes the member
 * being read.
 */
export function yazlArchive(members: readonly StreamMember[]): Readable {
  const zip = new YazlZipFile();
  const output = zip.outputStream as Readable;
  let current: Readable | undefined;
  const fail = (err: Error) => output.destroy(err);
  zip.on('error', fail);
  for (const member of members) {
    const options = { compress: member.compress, mtime: member.modifiedTime, size: member.size };
    zip.addReadStreamLazy(member.name, options, (callback) => {
      if (output.destroyed) return;
      member.file.open().then((source) => {
        if (output.destroyed) return source.destroy();
        current = source;
        source.once('error', fail);
        const checked = checking(member, (err) => fail(err));
        callback(null, source.pipe(checked));
      }, fail);
    });
  }
  zip.end();
  output.once('close', () => current?.destroy());
  return output;
}

/** Passes a member's bytes on, computing its CRC-32 and counting them. */
function checking(member: StreamMember, fail: (err: Error) => void): Transform {
  let crc = 0;
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      crc = crc32(chunk, crc);
      bytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      if (member.crc32 !== undefined && member.crc32 !== crc) {
        member.onStale?.();
        fail(new Error(`Member ${member.name} changed: its CRC-32 is not the one expected`));
        return callback();
      }
      if (member.size === undefined || member.size === bytes) member.onCrc?.(crc);
      callback();
    },
  });
}

/**
 * The bytes `range` of an archive whose layout is known, produced from the
 * layout alone: records are sliced from it, and only the members the range
 * covers are opened (one at a time), each at the right offset.
 */
export function layoutRange(layout: ZipLayout, members: readonly StreamMember[], range: ByteRange): Readable {
  async function* produce() {
    let index = firstSegment(layout.segments, range.start);
    for (; index < layout.segments.length; index++) {
      const segment = layout.segments[index];
      if (segment.offset > range.end) break;
      const from = Math.max(range.start, segment.offset) - segment.offset;
      const to = Math.min(range.end, segment.offset + segment.length - 1) - segment.offset;
      if ('bytes' in segment) yield segment.bytes.subarray(from, to + 1);
      else yield* memberBytes(members[segment.member], from, to, segment.length);
    }
  }
  return Readable.from(produce(), { objectMode: false });
}

async function* memberBytes(member: StreamMember, from: number, to: number, size: number): AsyncGenerator<Buffer> {
  const source = await member.file.open({ start: from, end: to });
  const whole = from === 0 && to === size - 1;
  let crc = 0;
  let bytes = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > to - from + 1) throw new Error(`Member ${member.name} is longer than its size`);
      if (whole) crc = crc32(chunk, crc);
      yield chunk;
    }
  } finally {
    source.destroy();
  }
  if (bytes !== to - from + 1) throw new Error(`Member ${member.name} is shorter than its size`);
  if (whole && crc !== member.crc32) {
    member.onStale?.();
    throw new Error(`Member ${member.name} changed: its CRC-32 is not the one expected`);
  }
}

/** Index of the segment holding byte `offset` (binary search). */
function firstSegment(segments: readonly LayoutSegment[], offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (segments[middle].offset <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
