import { read } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { DEFAULT_HIGH_WATER_MARK } from '../../download.constants';
import type { ByteRange } from '../../interfaces/file-stat.interface';
import { borrowBuffer, markBodyPump, returnBuffer, untouchedLocalFile } from '../../utils/file-pump.util';
import type { StreamMember } from './zip-member.interface';
import type { LayoutSegment, ZipLayout } from './zip-layout.builder';

/** The bytes `range` of an archive whose layout is known. */
export interface LayoutJob {
  layout: ZipLayout;
  members: readonly StreamMember[];
  range: ByteRange;
  /** Recompute the CRC-32 of each member read whole, and fail when it is not the one in the layout. */
  verifyCrc32: boolean;
}

/** Takes a chunk; calls `done` once it no longer holds it (its buffer may then be read into again). */
type ChunkSink = (chunk: Buffer, done: (err?: Error | null) => void) => void;

/** Chunks handed to the sink and not taken yet, at most: one is read while the other is written (as pumpFile; the pool keeps 16 per size). */
const IN_FLIGHT = 2;

/** Tells the producer that its consumer is gone: it stops, even while waiting for a chunk to be taken. */
class Halt {
  halted = false;
  private wake!: () => void;
  readonly whenHalted = new Promise<void>((resolve) => (this.wake = resolve));

  halt(): void {
    this.halted = true;
    this.wake();
  }
}

/**
 * The bytes of `job` into `sink`, from the layout alone: records are sliced
 * from it, and only the members the range covers are opened, one at a time,
 * each at the right offset. A local file member (an untouched stream of
 * `openFileStream()`) is read straight from its descriptor into `buffers`
 * when given (reused once the sink is done with them: no garbage per chunk),
 * else into a new buffer per read. A member must have its size; read whole,
 * it must have its CRC-32 too when `job.verifyCrc32` (else the layout is
 * trusted, as a range of it is). Stops (closing the member being read) once
 * halted.
 */
async function produce(job: LayoutJob, sink: ChunkSink, halt: Halt, buffers?: readonly Buffer[]): Promise<void> {
  const { layout, members, range, verifyCrc32 } = job;
  const slots = Array.from({ length: IN_FLIGHT }, () => Promise.resolve());
  let turn = 0;
  let failure: Error | undefined;
  /** Hands `chunk` to the sink in `slot`. */
  const send = (chunk: Buffer, slot: number) => {
    slots[slot] = new Promise((resolve) =>
      sink(chunk, (err) => {
        if (err) failure ??= err;
        resolve();
      }),
    );
  };
  /** The next slot, once its previous chunk is taken; undefined when the consumer is gone. */
  const nextSlot = async (): Promise<number | undefined> => {
    const slot = turn;
    turn = (turn + 1) % IN_FLIGHT;
    await Promise.race([slots[slot], halt.whenHalted]);
    if (failure) throw failure;
    return halt.halted ? undefined : slot;
  };

  for (let index = firstSegment(layout.segments, range.start); index < layout.segments.length; index++) {
    const segment = layout.segments[index];
    if (segment.offset > range.end) break;
    const from = Math.max(range.start, segment.offset) - segment.offset;
    const to = Math.min(range.end, segment.offset + segment.length - 1) - segment.offset;
    if ('bytes' in segment) {
      const slot = await nextSlot();
      if (slot === undefined) return;
      send(segment.bytes.subarray(from, to + 1), slot);
      continue;
    }
    const member = members[segment.member];
    const source = await member.file.open({ start: from, end: to });
    try {
      const verify = verifyCrc32 && from === 0 && to === segment.length - 1;
      const length = to - from + 1;
      let crc = 0;
      let bytes = 0;
      const local = untouchedLocalFile(source);
      if (local) {
        while (bytes < length) {
          const slot = await nextSlot();
          if (slot === undefined) return;
          const buffer = buffers?.[slot] ?? Buffer.allocUnsafeSlow(Math.min(DEFAULT_HIGH_WATER_MARK, length - bytes));
          const read = await readAt(local.fd, buffer, Math.min(buffer.length, length - bytes), local.start + bytes);
          if (read === 0) throw new Error(`Member ${member.name} is shorter than its size`);
          const chunk = read === buffer.length ? buffer : buffer.subarray(0, read);
          if (verify) crc = crc32(chunk, crc);
          bytes += read;
          send(chunk, slot);
        }
      } else {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          if (bytes > length) throw new Error(`Member ${member.name} is longer than its size`);
          if (verify) crc = crc32(chunk, crc);
          const slot = await nextSlot();
          if (slot === undefined) return;
          send(chunk, slot);
        }
        if (bytes !== length) throw new Error(`Member ${member.name} is shorter than its size`);
      }
      if (verify && crc !== member.crc32) {
        member.onStale?.();
        throw new Error(`Member ${member.name} changed: its CRC-32 is not the one expected`);
      }
    } finally {
      source.destroy();
    }
  }
  await Promise.race([Promise.all(slots), halt.whenHalted]);
  if (failure) throw failure;
}

/**
 * The bytes of `job` as a stream, for any consumer: a new buffer per read.
 * The response writer sends it with `pumpLayout()` instead (see `markBodyPump`).
 */
export class LayoutStream extends Readable {
  private started = false;
  private readonly halt = new Halt();
  /** The sink's `done` of the chunk that filled the buffer: called on the next read. */
  private waiting?: () => void;

  constructor(private readonly job: LayoutJob) {
    super();
  }

  override _read(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
    if (this.started) return;
    this.started = true;
    markBodyPump(this, undefined); // produced here now, not by pumpLayout()
    const sink: ChunkSink = (chunk, done) => {
      if (this.push(chunk)) done();
      else this.waiting = done;
    };
    produce(this.job, sink, this.halt).then(
      () => !this.destroyed && this.push(null),
      (err: Error) => this.destroy(err),
    );
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    // The producer may be waiting for its last chunk to be taken: it stops and closes its member.
    this.halt.halt();
    callback(err);
  }
}

/**
 * Sends the bytes of `job` on `res` and ends it, writing each chunk on the
 * response itself: local file members are read into two reused buffers, as
 * `pumpFile()` sends a file (no garbage per chunk, two chunks per download
 * whatever the client's speed). Resolves once the answer is complete or cut,
 * with the error that cut it (then `res` is destroyed); the member being
 * read is closed by then.
 */
export async function pumpLayout(job: LayoutJob, res: ServerResponse, signal?: AbortSignal): Promise<NodeJS.ErrnoException | undefined> {
  let gone: NodeJS.ErrnoException | undefined;
  const halt = new Halt();
  const stop = (err: NodeJS.ErrnoException) => {
    gone ??= err;
    halt.halt();
  };
  const onClose = () => !res.writableFinished && stop(clientGone());
  const onError = (err: Error) => stop(err);
  const onAbort = () => stop(clientGone());
  res.on('close', onClose);
  res.on('error', onError);
  signal?.addEventListener('abort', onAbort, { once: true });
  const buffers = Array.from({ length: IN_FLIGHT }, () => borrowBuffer(DEFAULT_HIGH_WATER_MARK));
  let failure: NodeJS.ErrnoException | undefined;
  try {
    const sink: ChunkSink = (chunk, done) => res.write(chunk, done);
    await produce(job, sink, halt, buffers);
    if (!gone) await endOf(res);
    failure = gone;
  } catch (err) {
    failure = gone ?? (err as NodeJS.ErrnoException);
  } finally {
    res.off('close', onClose);
    res.off('error', onError);
    signal?.removeEventListener('abort', onAbort);
  }
  // After a failure a write may still hold a buffer: those are left to the garbage collector.
  if (failure) res.destroy();
  else buffers.forEach(returnBuffer);
  return failure;
}

/** Ends `res`; resolves once it is finished or closed. */
function endOf(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      res.off('finish', settle);
      res.off('close', settle);
      resolve();
    };
    res.once('finish', settle);
    res.once('close', settle);
    res.end();
  });
}

function readAt(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buffer, 0, length, position, (err, bytes) => (err ? reject(err) : resolve(bytes))));
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

function clientGone(): NodeJS.ErrnoException {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
