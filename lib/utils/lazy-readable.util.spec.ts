import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { lazyReadable } from './lazy-readable.util';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('lazyReadable', () => {
  it('opens nothing until the first read', async () => {
    const open = jest.fn(async () => Readable.from(['a']));
    const lazy = lazyReadable(open);
    await tick();
    expect(open).not.toHaveBeenCalled();
    expect((await buffer(lazy)).toString()).toBe('a');
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('opens nothing when destroyed before any read', async () => {
    const open = jest.fn(async () => Readable.from(['a']));
    lazyReadable(open).destroy();
    await tick();
    expect(open).not.toHaveBeenCalled();
  });

  it('passes every byte through, in order, with back-pressure', async () => {
    const chunks = Array.from({ length: 200 }, (_, i) => Buffer.alloc(1024, i));
    const lazy = lazyReadable(async () => Readable.from(chunks, { objectMode: false }));
    expect((await buffer(lazy)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('destroys the source when destroyed mid-way', async () => {
    const source = new Readable({
      read() {
        setImmediate(() => this.push(Buffer.alloc(16)));
      },
    });
    const lazy = lazyReadable(async () => source);
    await new Promise((resolve) => lazy.once('data', resolve));
    lazy.destroy();
    await tick();
    expect(source.destroyed).toBe(true);
  });

  it('destroys a source that opens after the lazy stream was destroyed', async () => {
    let release!: () => void;
    const source = Readable.from(['late']);
    const lazy = lazyReadable(() => new Promise<Readable>((resolve) => (release = () => resolve(source))));
    lazy.resume();
    await tick();
    lazy.destroy();
    release();
    await tick();
    expect(source.destroyed).toBe(true);
  });

  it('fails with the error of open() or of the source', async () => {
    const missing = Object.assign(new Error('gone'), { code: 'ENOENT' });
    await expect(buffer(lazyReadable(async () => Promise.reject(missing)))).rejects.toBe(missing);
    const failing = new Readable({ read() { this.destroy(new Error('disk')); } });
    await expect(buffer(lazyReadable(async () => failing))).rejects.toThrow('disk');
  });
});
