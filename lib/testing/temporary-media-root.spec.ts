import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { temporaryMediaRoot, type TemporaryMediaRoot } from './temporary-media-root';

describe('temporaryMediaRoot', () => {
  let media: TemporaryMediaRoot;
  beforeEach(() => (media = temporaryMediaRoot({ baseUrl: '/media/', files: { 'notes/café menu.txt': 'Soup\n' } })));
  afterEach(() => media.cleanup());

  it('creates a folder in the temp dir that a proxy worker can read', () => {
    expect(path.dirname(media.location)).toBe(path.resolve(os.tmpdir()));
    expect(fs.statSync(media.location).mode & 0o777).toBe(0o755);
  });

  it('gives a FileSystemStorage on the folder, holding the seeded files', async () => {
    expect(media.storage.location).toBe(media.location);
    expect(media.storage.url('notes/café menu.txt')).toBe('/media/notes/caf%C3%A9%20menu.txt');
    expect((await media.storage.stat('notes/café menu.txt'))?.size).toBe(5);
  });

  it('writes more files by storage name, refusing names that leave it', () => {
    const written = media.write('a/b.txt', 'b');
    expect(written).toBe(path.join(media.location, 'a', 'b.txt'));
    expect(fs.readFileSync(written, 'utf8')).toBe('b');
    expect(() => media.write('../escape.txt', 'x')).toThrow('refused name "../escape.txt"');
  });

  it('removes the folder on cleanup, and cleanup can run twice', async () => {
    await media.cleanup();
    await media.cleanup();
    expect(fs.existsSync(media.location)).toBe(false);
  });

  it('gives every call its own folder', async () => {
    const other = temporaryMediaRoot();
    try {
      expect(other.location).not.toBe(media.location);
    } finally {
      await other.cleanup();
    }
  });
});
