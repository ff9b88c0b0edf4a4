import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { VirtualFile, type VirtualContent } from './virtual.file';

const read = async (file: VirtualFile, range?: { start: number; end: number }) =>
  (await buffer(await file.open(range))).toString();

/** A deferred the test resolves when it decides so. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('VirtualFile', () => {
  it('needs a name', () => {
    expect(() => new VirtualFile('x', undefined as never)).toThrow(/name/);
    expect(() => new VirtualFile('x', {} as never)).toThrow(/name/);
  });

  it('serves a string as UTF-8 with its byte size, seekable', async () => {
    const file = new VirtualFile('héllo', { name: 'h.txt' });
    expect(file.seekable).toBe(true);
    expect((await file.stat())?.size).toBe(6);
    expect(await read(file)).toBe('héllo');
    expect(await read(file, { start: 1, end: 2 })).toBe('é');
  });

  it('serves a Buffer and a Uint8Array view without copying the bytes around it', async () => {
    const backing = new Uint8Array(Buffer.from('xxABCDyy'));
    const view = backing.subarray(2, 6);
    const file = new VirtualFile(view, { name: 'v.bin' });
    expect((await file.stat())?.size).toBe(4);
    expect(await read(file)).toBe('ABCD');
    expect(await read(new VirtualFile(Buffer.from('buffer'), { name: 'b.bin' }), { start: 2, end: 5 })).toBe('ffer');
  });

  it('gives in-memory content a strong ETag from its bytes, or Last-Modified when told a date', async () => {
    const tagged = await new VirtualFile('abc', { name: 'a.txt' }).stat();
    expect(tagged?.etag).toMatch(/^"/);
    const modifiedTime = new Date('2025-01-01T00:00:00Z');
    const dated = await new VirtualFile('abc', { name: 'a.txt', modifiedTime }).stat();
    expect(dated).toEqual({ size: 3, modifiedTime, etag: undefined });
  });

  it.each<[string, () => VirtualContent]>([
    ['a Readable', () => Readable.from(['one,', 'two'])],
    ['a web ReadableStream', () => new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('one,'));
        controller.enqueue(new TextEncoder().encode('two'));
        controller.close();
      },
    })],
    ['an array of strings', () => ['one,', 'two']],
    ['a Set of Buffers', () => new Set([Buffer.from('one,'), Buffer.from('two')])],
    ['a generator', () => (function* () { yield 'one,'; yield Buffer.from('two'); })()],
    ['an async generator', () => (async function* () { yield 'one,'; yield new TextEncoder().encode('two'); })()],
  ])('streams %s, not seekable, size unknown unless given', async (_label, make) => {
    const file = new VirtualFile(make(), { name: 'list.csv' });
    expect(file.seekable).toBe(false);
    expect(await file.stat()).toEqual({ size: undefined, modifiedTime: undefined });
    expect(await read(file)).toBe('one,two');
    const sized = new VirtualFile(make(), { name: 'list.csv', size: 7 });
    expect((await sized.stat())?.size).toBe(7);
  });

  it('runs no generator code before the content is read', async () => {
    let started = false;
    const file = new VirtualFile((async function* () { started = true; yield 'x'; })(), { name: 'g.txt' });
    await file.stat();
    const stream = await file.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(false);
    expect((await buffer(stream)).toString()).toBe('x');
    expect(started).toBe(true);
  });

  it('hands each chunk over as soon as it is produced, never collecting them', async () => {
    const firstSeen = deferred();
    const file = new VirtualFile(
      (async function* () {
        yield 'first;';
        await firstSeen.promise; // the next chunk exists only once the first was received
        yield 'second';
      })(),
      { name: 'live.txt' },
    );
    const stream = await file.open();
    const received: string[] = [];
    stream.on('data', (chunk: Buffer) => {
      received.push(chunk.toString());
      firstSeen.resolve();
    });
    await new Promise((resolve) => stream.on('end', resolve));
    expect(received).toEqual(['first;', 'second']);
  });

  it('passes a generator’s error on to the stream', async () => {
    const file = new VirtualFile((async function* () { yield 'a'; throw new Error('boom'); })(), { name: 'e.txt' });
    await expect(buffer(await file.open())).rejects.toThrow('boom');
  });
});
