import * as fs from 'node:fs';
import { OutgoingMessage, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/** A local file stream made by `openFileStream()`, before anything read it. */
export interface LocalFileSource {
  fd: number;
  /** First byte. */
  start: number;
  /** Last byte (inclusive); Infinity to read to the end of the file. */
  end: number;
  chunkSize: number;
}

const LOCAL_FILE = Symbol('nestjs-downloadview:local-file');

type Marked = fs.ReadStream & { fd?: number | null; [LOCAL_FILE]?: Omit<LocalFileSource, 'fd'> };

/** Remembers what `stream` reads, so that the writer may pump its file itself. */
export function markLocalFile(stream: fs.ReadStream, start: number, end: number, chunkSize: number): void {
  (stream as Marked)[LOCAL_FILE] = { start, end, chunkSize };
}

/**
 * The open file behind a stream of `openFileStream()`, when nobody has read
 * it or listened to its data (a wrapper that transforms it returns another
 * stream, and gets piped as any stream).
 */
export function untouchedLocalFile(stream: Readable): LocalFileSource | undefined {
  const marked = stream as Marked;
  const source = marked[LOCAL_FILE];
  if (!source || typeof marked.fd !== 'number' || marked.destroyed) return undefined;
  if (marked.readableFlowing !== null || marked.readableLength > 0 || marked.bytesRead > 0) return undefined;
  return { fd: marked.fd, ...source };
}

/**
 * Whether `res` writes the way Node's own response does. A middleware such as
 * compression() replaces `write()` with one that keeps the chunk for later and
 * never calls back: the pump would then stall and reuse a buffer still held.
 */
export function writesNatively(res: ServerResponse): boolean {
  return res.write === OutgoingMessage.prototype.write && res.end === OutgoingMessage.prototype.end;
}

/** Full-size read buffers kept between downloads, per size (a few MiB at most). */
const pool = new Map<number, Buffer[]>();
const POOLED_PER_SIZE = 16;

function takeBuffer(size: number, chunkSize: number): Buffer {
  return (size === chunkSize && pool.get(size)?.pop()) || Buffer.allocUnsafeSlow(size);
}

function releaseBuffer(buffer: Buffer, chunkSize: number): void {
  if (buffer.length !== chunkSize) return;
  const free = pool.get(chunkSize) ?? [];
  if (free.length < POOLED_PER_SIZE) free.push(buffer);
  pool.set(chunkSize, free);
}

/** A buffer of `size` bytes from the pool (or a new one), for another writer that reuses its buffers. */
export function borrowBuffer(size: number): Buffer {
  return takeBuffer(size, size);
}

/** Gives back a buffer of `borrowBuffer()` that no read or write holds any more. */
export function returnBuffer(buffer: Buffer): void {
  releaseBuffer(buffer, buffer.length);
}

/**
 * A body that can write itself on a response that writes natively, the way
 * `pumpFile()` sends a local file (e.g. a ZIP archive whose layout is known:
 * its records and members, through reused buffers). Resolves like `pumpFile()`.
 */
export type BodyPump = (res: ServerResponse, signal?: AbortSignal) => Promise<NodeJS.ErrnoException | undefined>;

const BODY_PUMP = Symbol('nestjs-downloadview:body-pump');

/**
 * Lets the response writer have `stream` write itself with `pump` while no
 * data of it was read (data buffered by a look at its first chunk is fine);
 * `undefined` takes the offer back (e.g. once the stream produces by itself).
 */
export function markBodyPump(stream: Readable, pump: BodyPump | undefined): void {
  (stream as Readable & { [BODY_PUMP]?: BodyPump })[BODY_PUMP] = pump;
}

/** The pump of a stream marked by `markBodyPump()`, when no data of it was read and it does not flow. */
export function untouchedBodyPump(stream: Readable): BodyPump | undefined {
  const pump = (stream as Readable & { [BODY_PUMP]?: BodyPump })[BODY_PUMP];
  if (!pump || stream.destroyed || stream.readableFlowing === true || stream.readableDidRead || stream.listenerCount('data') > 0) return undefined;
  return pump;
}

type SlotState = 'idle' | 'reading' | 'writing' | 'released';

/**
 * Sends `source` on `res` and ends it: each chunk is read into one of two
 * buffers while the other is being written, and a buffer is read into again
 * only once the socket has taken it (its write callback). No chunk is
 * allocated per read, so streaming a GiB makes no garbage and memory stays at
 * two chunks per download, whatever the client's speed. The buffers go back
 * to a small pool for the next download.
 *
 * Resolves once the answer is complete or cut, with the error that cut it
 * (a read error, a truncated file, or the client gone); then no read is in
 * flight and the caller may close the file. `res` is destroyed on an error.
 */
export function pumpFile(
  source: LocalFileSource,
  res: ServerResponse,
  signal?: AbortSignal,
): Promise<NodeJS.ErrnoException | undefined> {
  const { fd, start, end, chunkSize } = source;
  const size = Math.max(1, Math.min(chunkSize, end - start + 1));
  const buffers = [takeBuffer(size, chunkSize)];
  if (end - start + 1 > size) buffers.push(takeBuffer(size, chunkSize));
  const states: SlotState[] = buffers.map(() => 'idle');

  return new Promise((resolve) => {
    let position = start;
    let index = 0;
    let ending = false;
    let over = false;
    let failure: NodeJS.ErrnoException | undefined;

    // A buffer goes back to the pool once, and only when no read or write holds it.
    const release = (slot: number) => {
      states[slot] = 'released';
      releaseBuffer(buffers[slot], chunkSize);
    };
    const finalize = () => {
      if (states.includes('reading')) return; // the read callback calls back
      buffers.forEach((_, slot) => states[slot] === 'idle' && release(slot));
      resolve(failure);
    };
    const stop = (err?: NodeJS.ErrnoException) => {
      if (over) return;
      over = true;
      failure = err;
      signal?.removeEventListener('abort', onAbort);
      res.off('finish', onFinish);
      res.off('close', onClose);
      res.off('error', stop);
      if (err) res.destroy();
      finalize();
    };
    const onFinish = () => stop();
    const onClose = () => stop(res.writableFinished ? undefined : clientGone());
    const onAbort = () => stop(clientGone());

    const next = () => {
      if (over || ending) return;
      if (position > end) {
        ending = true;
        res.end();
        return;
      }
      const slot = index;
      if (states[slot] !== 'idle') return; // its write callback calls next()
      const buffer = buffers[slot];
      states[slot] = 'reading';
      fs.read(fd, buffer, 0, Math.min(buffer.length, end - position + 1), position, (err, bytes) => {
        states[slot] = 'idle';
        if (over) return finalize();
        if (err) return stop(err);
        if (bytes === 0) {
          if (end !== Infinity) return stop(truncated(position));
          ending = true; // the end of a file read without a known size
          res.end();
          return;
        }
        position += bytes;
        states[slot] = 'writing';
        res.write(bytes === buffer.length ? buffer : buffer.subarray(0, bytes), () => {
          if (over) return release(slot);
          states[slot] = 'idle';
          if (slot === index) next();
        });
        index = (slot + 1) % buffers.length;
        next();
      });
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    res.once('finish', onFinish);
    res.once('close', onClose);
    res.once('error', stop);
    next();
  });
}

function clientGone(): NodeJS.ErrnoException {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

function truncated(position: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`the file ended at byte ${position}, before the announced length`), {
    code: 'ERR_FILE_TRUNCATED',
  });
}
