import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemStorage } from '../storage/file-system.storage';

/** Options of `temporaryMediaRoot()`. */
export interface TemporaryMediaRootOptions {
  /** URL prefix of the storage (Django's MEDIA_URL), e.g. `/media/`. */
  baseUrl?: string;
  /** Files to create right away, by storage name: `{ 'hello-world.txt': 'Hello world!\n' }`. */
  files?: Readonly<Record<string, string | Buffer>>;
  /** Start of the folder's name in the system's temp dir. */
  prefix?: string;
}

/** A storage folder that exists for one test. */
export interface TemporaryMediaRoot {
  /** The absolute folder (readable by a reverse proxy's workers: mode 0755). */
  readonly location: string;
  /** A FileSystemStorage on `location`. */
  readonly storage: FileSystemStorage;
  /** Writes a file (creating its folders) and answers its absolute path. */
  write(name: string, content: string | Buffer): string;
  /** Removes the folder and everything in it; safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * A fresh storage folder in the system's temp dir (django-downloadview's
 * `temporary_media_root`), created at once so that it can be made in
 * `beforeEach` and handed to a testing module; `cleanup()` in `afterEach`
 * removes it.
 *
 * @example
 * let media: TemporaryMediaRoot;
 * beforeEach(() => (media = temporaryMediaRoot({ files: { '1.txt': 'Hello world!\n' } })));
 * afterEach(() => media.cleanup());
 */
export function temporaryMediaRoot(options: TemporaryMediaRootOptions = {}): TemporaryMediaRoot {
  const location = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? 'nestjs-downloadview-media-'));
  // mkdtemp makes 0700 folders; a reverse proxy's workers (www-data) must be able to read them.
  fs.chmodSync(location, 0o755);
  const storage = new FileSystemStorage({ location, baseUrl: options.baseUrl });
  const write = (name: string, content: string | Buffer): string => {
    const filePath = storage.path(name);
    if (!filePath) throw new Error(`temporaryMediaRoot: refused name ${JSON.stringify(name)}`);
    fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o755 });
    fs.writeFileSync(filePath, content, { mode: 0o644 });
    return filePath;
  };
  for (const [name, content] of Object.entries(options.files ?? {})) write(name, content);
  let removed: Promise<void> | undefined;
  return {
    location: storage.location,
    storage,
    write,
    cleanup: () => (removed ??= fs.promises.rm(location, { recursive: true, force: true })),
  };
}
