import { read } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { DEFAULT_HIGH_WATER_MARK } from '../../download.constants';
import { borrowBuffer, type LocalFileSource, returnBuffer } from '../../utils/file-pump.util';

/** Read buffers per archive while the response writer sends it: members read ahead of the socket by this much. */
const RING_SIZE = 4;

/**
 * The read buffers of one archive streamed by yazl, reused once the response
 * has written them. Until `start()` (the response writer pumps the archive
 * itself, see `pumpArchive()`) members read into new buffers, as any stream.
 */
export class MemberBuffers {
  private free: Buffer[] = [];
  private readonly mine = new Map<ArrayBufferLike, Buffer>();
  private waiting: (() => void)[] = [];
  private active = false;

  /** Reads go to the ring from now on. */
  start(): void {
    this.active = true;
    for (let i = 0; i < RING_SIZE; i++) {
      const buffer = borrowBuffer(DEFAULT_HIGH_WATER_MARK);
      this.mine.set(buffer.buffer, buffer);
      this.free.push(buffer);
    }
  }

  /** A buffer to read `length` bytes into: from the ring (waiting for one to come back) when started. */
  async take(length: number): Promise<Buffer> {
    while (this.active && this.free.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.active ? this.free.pop()! : Buffer.allocUnsafeSlow(Math.min(DEFAULT_HIGH_WATER_MARK, length));
  }

  /** A chunk the response has written: its buffer goes back to the ring when it is one of the ring's. */
  written(chunk: Buffer): void {
    const buffer = this.mine.get(chunk.buffer);
    if (!buffer) return;
    this.free.push(buffer);
    this.waiting.shift()?.();
  }

  /** The archive is sent: the buffers back in the ring go back to the pool (those still held are left to the GC). */
  finish(complete: boolean): void {
    if (complete) this.free.forEach(returnBuffer);
    this.free = [];
    this.mine.clear();
    this.active = false;
    this.waiting.splice(0).forEach((wake) => wake());
  }
}

/**
 * A stored member that is a local file (an untouched stream of
 * `openFileStream()`), read from its descriptor into `buffers`; destroying
 * it closes the file.
 */
export function memberReader(local: LocalFileSource, file: Readable, buffers: MemberBuffers): Readable {
  let position = local.start;
  let reading = false;
  const reader = new Readable({
    highWaterMark: DEFAULT_HIGH_WATER_MARK,
    read() {
      if (reading) return;
      reading = true;
      void (async () => {
        try {
          const left = local.end - position + 1;
          if (left <= 0) return void reader.push(null);
          const buffer = await buffers.take(left);
          if (reader.destroyed) return buffers.written(buffer);
          const bytes = await new Promise<number>((resolve, reject) =>
            read(local.fd, buffer, 0, Math.min(buffer.length, left), position, (err, n) => (err ? reject(err) : resolve(n))),
          );
          reading = false;
          if (reader.destroyed) return buffers.written(buffer);
          if (bytes === 0) {
            buffers.written(buffer);
            return void reader.push(null); // yazl tells a member shorter than its size
          }
          position += bytes;
          reader.push(bytes === buffer.length ? buffer : buffer.subarray(0, bytes));
        } catch (err) {
          reader.destroy(err as Error);
        }
      })();
    },
    destroy(err, callback) {
      file.destroy();
      callback(err);
    },
  });
  return reader;
}

/**
 * Sends the archive `body` on `res` and ends it, reading it in paused mode and
 * giving each chunk's buffer back to `buffers` once the response has written
 * it. Resolves like `pumpFile()`: with the error that cut the answer, if any
 * (then `res` and `body` are destroyed).
 */
export function pumpArchive(body: Readable, buffers: MemberBuffers, res: ServerResponse, signal?: AbortSignal): Promise<NodeJS.ErrnoException | undefined> {
  buffers.start();
  return new Promise((resolve) => {
    let over = false;
    let blocked = false;
    const stop = (err?: NodeJS.ErrnoException) => {
      if (over) return;
      over = true;
      body.off('readable', flow);
      body.off('end', onEnd);
      body.off('error', stop);
      res.off('drain', onDrain);
      res.off('finish', onFinish);
      res.off('close', onClose);
      res.off('error', stop);
      signal?.removeEventListener('abort', onAbort);
      buffers.finish(!err);
      if (err) {
        body.destroy();
        res.destroy();
      }
      resolve(err);
    };
    const flow = () => {
      if (blocked || over) return;
      let chunk: Buffer | null;
      while ((chunk = body.read() as Buffer | null) !== null) {
        const sent = chunk;
        if (!res.write(sent, () => buffers.written(sent))) {
          blocked = true;
          return;
        }
      }
    };
    const onDrain = () => {
      blocked = false;
      flow();
    };
    const onEnd = () => res.end();
    const onFinish = () => stop();
    const onClose = () => stop(res.writableFinished ? undefined : clientGone());
    const onAbort = () => stop(clientGone());
    signal?.addEventListener('abort', onAbort, { once: true });
    body.on('readable', flow);
    body.once('end', onEnd);
    body.once('error', stop);
    res.on('drain', onDrain);
    res.once('finish', onFinish);
    res.once('close', onClose);
    res.once('error', stop);
    flow();
  });
}

function clientGone(): NodeJS.ErrnoException {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
