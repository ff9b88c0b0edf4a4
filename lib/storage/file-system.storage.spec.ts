import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { FileSystemStorage } from './file-system.storage';

describe('FileSystemStorage', () => {
  let base: string;
  let location: string;
  let storage: FileSystemStorage;

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-storage-'));
    location = path.join(base, 'media');
    fs.mkdirSync(path.join(location, 'docs', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(location, 'hello.txt'), 'Hello world\n');
    fs.writeFileSync(path.join(location, 'docs', 'a b.txt'), 'spaced');
    fs.writeFileSync(path.join(location, 'docs', 'deep', 'x.bin'), Buffer.alloc(3));
    fs.writeFileSync(path.join(base, 'secret.txt'), 'top secret');
    fs.writeFileSync(path.join(base, 'media-private.txt'), 'sibling secret');
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(location, 'escape.txt'));
    fs.symlinkSync(base, path.join(location, 'escape-dir'));
    fs.symlinkSync(path.join(location, 'hello.txt'), path.join(location, 'inner-link.txt'));
    storage = new FileSystemStorage({ location, baseUrl: '/media' });
  });

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('needs a location', () => {
    expect(() => new FileSystemStorage({ location: '' })).toThrow(/location/);
    expect(() => new FileSystemStorage(undefined as never)).toThrow(/location/);
  });

  it('supports ranges', () => {
    expect(storage.supportsRanges).toBe(true);
  });

  describe('exists / stat', () => {
    it('finds a file and reports its size and modification time', async () => {
      expect(await storage.exists('hello.txt')).toBe(true);
      const stat = await storage.stat('hello.txt');
      expect(stat).toEqual({ size: 12, modifiedTime: fs.statSync(path.join(location, 'hello.txt')).mtime });
    });

    it('finds names with spaces in sub-folders', async () => {
      expect((await storage.stat('docs/a b.txt'))?.size).toBe(6);
    });

    it('answers null for a missing file, a folder and a path through a file', async () => {
      expect(await storage.stat('missing.txt')).toBeNull();
      expect(await storage.stat('docs')).toBeNull();
      expect(await storage.stat('hello.txt/x')).toBeNull();
      expect(await storage.exists('missing.txt')).toBe(false);
    });

    it.each(['../secret.txt', '../media-private.txt', '%2e%2e/secret.txt', '/etc/passwd', 'docs/../../secret.txt', 'a\0b', '..\\secret.txt', ''])(
      'answers null for the escaping name %j',
      async (name) => {
        expect(await storage.stat(name)).toBeNull();
        expect(await storage.exists(name)).toBe(false);
      },
    );

    it('answers null for a symbolic link that leads out of the location', async () => {
      expect(await storage.stat('escape.txt')).toBeNull();
      expect(await storage.stat('escape-dir/secret.txt')).toBeNull();
    });

    it('follows a symbolic link that stays inside the location', async () => {
      expect((await storage.stat('inner-link.txt'))?.size).toBe(12);
    });

    it('follows links leading out when told to', async () => {
      const trusting = new FileSystemStorage({ location, followSymlinks: true });
      expect((await trusting.stat('escape.txt'))?.size).toBe(10);
    });
  });

  describe('open', () => {
    it('reads the whole file', async () => {
      expect(await text(await storage.open('hello.txt'))).toBe('Hello world\n');
    });

    it('reads an inclusive byte range by seeking', async () => {
      expect(await text(await storage.open('hello.txt', { start: 6, end: 10 }))).toBe('world');
    });

    it('rejects with ENOENT for a missing file, before any byte is read', async () => {
      await expect(storage.open('missing.txt')).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('rejects with ENOENT for an escaping name or link', async () => {
      await expect(storage.open('../secret.txt')).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(storage.open('escape.txt')).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  describe('url / path', () => {
    it('publishes names under baseUrl, each segment percent-encoded', () => {
      expect(storage.url('docs/a b.txt')).toBe('/media/docs/a%20b.txt');
      expect(storage.url('ünï #?.txt')).toBe('/media/%C3%BCn%C3%AF%20%23%3F.txt');
    });

    it('has no URL without baseUrl or for an escaping name', () => {
      expect(new FileSystemStorage({ location }).url('hello.txt')).toBeUndefined();
      expect(storage.url('../secret.txt')).toBeUndefined();
    });

    it('gives the absolute path inside the location, or undefined for an escaping name', () => {
      expect(storage.path('docs/a b.txt')).toBe(path.join(location, 'docs', 'a b.txt'));
      expect(storage.path('../secret.txt')).toBeUndefined();
      expect(storage.path('%252e%252e/secret.txt')).toBeUndefined();
    });
  });

  describe('save / delete / list', () => {
    it('saves a string, a Buffer, a Readable and an async iterable, creating folders', async () => {
      expect(await storage.save('new/one.txt', 'one')).toBe('new/one.txt');
      await storage.save('new/two.bin', Buffer.from([1, 2]));
      await storage.save('new/three.txt', Readable.from(['th', 'ree']));
      await storage.save('new/deeper/four.txt', (async function* () { yield 'fo'; yield Buffer.from('ur'); })());
      expect(fs.readFileSync(path.join(location, 'new/one.txt'), 'utf8')).toBe('one');
      expect([...fs.readFileSync(path.join(location, 'new/two.bin'))]).toEqual([1, 2]);
      expect(fs.readFileSync(path.join(location, 'new/three.txt'), 'utf8')).toBe('three');
      expect(fs.readFileSync(path.join(location, 'new/deeper/four.txt'), 'utf8')).toBe('four');
    });

    it('refuses to save or delete outside the location', async () => {
      await expect(storage.save('../planted.txt', 'x')).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(storage.delete('../secret.txt')).rejects.toMatchObject({ code: 'ENOENT' });
      expect(fs.existsSync(path.join(base, 'planted.txt'))).toBe(false);
      expect(fs.existsSync(path.join(base, 'secret.txt'))).toBe(true);
    });

    it('lists one folder: sub-folders and files, sorted', async () => {
      expect(await storage.list('docs')).toEqual({ directories: ['deep'], files: ['a b.txt'] });
      const top = await storage.list();
      expect(top.files).toEqual(expect.arrayContaining(['hello.txt']));
      expect(top.directories).toEqual(expect.arrayContaining(['docs', 'new']));
    });

    it('refuses to list outside the location', async () => {
      await expect(storage.list('..')).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('deletes a file, and deleting it again is not an error', async () => {
      await storage.delete('new/one.txt');
      expect(await storage.exists('new/one.txt')).toBe(false);
      await expect(storage.delete('new/one.txt')).resolves.toBeUndefined();
    });
  });
});
