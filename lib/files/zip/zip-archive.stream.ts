import { Readable, Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ZipFile as YazlZipFile } from 'yazl';
import type { ByteRange } from '../../interfaces/file-stat.interface';
import { markBodyPump, untouchedLocalFile } from '../../utils/file-pump.util';
import { MemberBuffers, memberReader, pumpArchive } from './member-buffers.pump';
import type { ZipLayout } from './zip-layout.builder';
import { LayoutStream, pumpLayout } from './zip-layout.producer';
import { yazlWithZlibCrc32 } from './yazl-crc32.util';
import type { StreamMember } from './zip-member.interface';

/**
 * The whole archive written by yazl while it is read: members are opened one
 * at a time, when their turn comes; a member that fails (or is shorter or
 * longer than its size) fails the stream; destroying it closes the member
 * being read.
 */
export function yazlArchive(members: readonly StreamMember[]): Readable {
  yazlWithZlibCrc32();
  const zip = new YazlZipFile();
  const output = zip.outputStream as Readable;
  const buffers = new MemberBuffers();
  let current: Readable | undefined;
  const fail = (err: Error) => output.destroy(err);
  zip.on('error', fail);
  for (const member of members) {
    const options = { compress: member.compress, mtime: member.modifiedTime, size: member.size };
    zip.addReadStreamLazy(member.name, options, (callback) => {
      if (output.destroyed) return;
      member.file.open().then((opened) => {
        if (output.destroyed) return opened.destroy();
        // A stored local file is read into buffers reused once the response has written them (see pumpArchive).
        const local = member.compress ? undefined : untouchedLocalFile(opened);
        const source = local ? memberReader(local, opened, buffers) : opened;
        current = source;
        source.once('error', fail);
        // yazl counts the bytes against `size` and computes the archive's CRC-32 itself.
        const checked = member.crc32 !== undefined || member.onCrc ? source.pipe(checking(member, fail)) : source;
        callback(null, checked);
      }, fail);
    });
  }
  zip.end();
  output.once('close', () => current?.destroy());
  markBodyPump(output, (res, signal) => pumpArchive(output, buffers, res, signal));
  return output;
}

/**
 * Passes a member's bytes on, computing their CRC-32 and counting them, for
 * the memo or to check a CRC-32 given (yazl computes the archive's own, and
 * keeps it to itself).
 */
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
 * covers are opened (one at a time), each at the right offset. The response
 * writer has it write itself on the response (reused buffers, see
 * `pumpLayout()`); any other consumer reads it as a stream. With
 * `verifyCrc32`, each member read whole must have the CRC-32 of the layout.
 */
export function layoutRange(layout: ZipLayout, members: readonly StreamMember[], range: ByteRange, verifyCrc32 = false): Readable {
  const job = { layout, members, range, verifyCrc32 };
  const stream = new LayoutStream(job);
  markBodyPump(stream, (res, signal) => pumpLayout(job, res, signal));
  return stream;
}
