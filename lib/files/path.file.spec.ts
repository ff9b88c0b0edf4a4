import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { text } from 'node:stream/consumers';
import { PathFile } from './path.file';

describe('PathFile', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-pathfile-'));
    root = path.join(base, 'root');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'hello.txt'), 'Hello world\n');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'out-link.txt'));
    fs.symlinkSync(path.join(root, 'hello.txt'), path.join(root, 'in-link.txt'));
  });

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('resolves a name inside its root, seekable, with size and modification time', async () => {
    const file = new PathFile('hello.txt', { root });
    expect(file.seekable).toBe(true);
    expect(file.getPath()).toBe(path.join(root, 'hello.txt'));
    expect(file.getDefaultBasename()).toBe('hello.txt');
    expect(await file.stat()).toEqual({ size: 12, modifiedTime: fs.statSync(path.join(root, 'hello.txt')).mtime });
  });

  it('takes the segments Express gives a wildcard route', async () => {
    fs.writeFileSync(path.join(root, 'sub', 'a.txt'), 'a');
    const file = new PathFile(['sub', 'a.txt'], { root });
    expect(file.name).toBe('sub/a.txt');
    expect((await file.stat())?.size).toBe(1);
  });

  it('opens nothing before open(), then reads a range by seeking', async () => {
    const file = new PathFile('hello.txt', { root });
    await file.stat();
    expect(await text(await file.open({ start: 6, end: 10 }))).toBe('world');
  });

  it.each(['../secret.txt', '%2e%2e/secret.txt', '/etc/passwd', 'sub', '', 'missing.txt', 'hello.txt/x'])(
    'answers null from stat() for %j',
    async (name) => {
      expect(await new PathFile(name, { root }).stat()).toBeNull();
    },
  );

  it('refuses a link that leads out of the root, unless followSymlinks', async () => {
    expect(await new PathFile('out-link.txt', { root }).stat()).toBeNull();
    expect((await new PathFile('out-link.txt', { root, followSymlinks: true }).stat())?.size).toBe(6);
    expect((await new PathFile('in-link.txt', { root }).stat())?.size).toBe(12);
  });

  it('has no path for a refused name, and open() fails with ENOENT', async () => {
    const file = new PathFile('../secret.txt', { root });
    expect(file.getPath()).toBeUndefined();
    await expect(file.open()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('trusts an absolute path without a root, but never one holding NUL', async () => {
    expect((await new PathFile(path.join(base, 'secret.txt')).stat())?.size).toBe(6);
    expect(await new PathFile(`${path.join(root, 'hello.txt')}\0.png`).stat()).toBeNull();
  });

  it('looks once per wrapper: stat() is memoised', async () => {
    const file = new PathFile('hello.txt', { root });
    expect(file.stat()).toBe(file.stat());
  });
});
