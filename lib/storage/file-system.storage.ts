import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange } from '../interfaces/file-stat.interface';
import { confinePath, isInside, safeSegments } from '../utils/confine-path.util';
import { isNotFoundError } from '../utils/fs-errors.util';
import { openFileStream } from '../utils/open-file-stream.util';
import type { Storage, StorageContent, StorageListing, StorageStat } from '../interfaces/storage.interface';

export interface FileSystemStorageOptions {
  /** Absolute folder holding the files (Django's MEDIA_ROOT). */
  location: string;
  /** URL prefix the files are published under (Django's MEDIA_URL), e.g. `/media/`. */
  baseUrl?: string;
  /** Serve symbolic links that lead outside `location` (default: they answer "not found"). */
  followSymlinks?: boolean;
}

/** A storage in a local folder (Django's FileSystemStorage). */
export class FileSystemStorage implements Storage {
  readonly supportsRanges = true;
  readonly location: string;
  readonly baseUrl?: string;
  private realLocation?: Promise<string>;

  constructor(private readonly options: FileSystemStorageOptions) {
    if (!options || typeof options.location !== 'string' || options.location === '') {
      throw new Error('FileSystemStorage needs a `location` folder');
    }
    this.location = path.resolve(options.location);
    this.baseUrl =
      options.baseUrl === undefined ? undefined : options.baseUrl.replace(/\/*$/, '/');
  }

  /** `location`, unless `followSymlinks` is set: links must not lead out of it. */
  get linkRoot(): string | undefined {
    return this.options.followSymlinks ? undefined : this.location;
  }

  /** The absolute path of a name, or undefined when the name leaves the location. */
  path(name: string): string | undefined {
    return confinePath(this.location, name) ?? undefined;
  }

  url(name: string): string | undefined {
    const segments = safeSegments(name);
    if (this.baseUrl === undefined || !segments) return undefined;
    return this.baseUrl + segments.map(encodeURIComponent).join('/');
  }

  async exists(name: string): Promise<boolean> {
    return (await this.stat(name)) !== null;
  }

  async stat(name: string): Promise<StorageStat | null> {
    const filePath = this.path(name);
    if (!filePath) return null;
    try {
      await this.refuseLinksOut(filePath);
      const stats = await fs.promises.stat(filePath);
      return stats.isFile() ? { size: stats.size, modifiedTime: stats.mtime } : null;
    } catch (err) {
      if (isNotFoundError(err)) return null;
      throw err;
    }
  }

  async open(name: string, range?: ByteRange): Promise<Readable> {
    const filePath = this.requirePath(name);
    await this.refuseLinksOut(filePath);
    return openFileStream(filePath, range);
  }

  async save(name: string, content: StorageContent): Promise<string> {
    const filePath = this.requirePath(name);
    await fs.promises.mkdir(path.dirname(filePath), { recursive: true });
    const source =
      typeof content === 'string' || content instanceof Uint8Array
        ? Readable.from([Buffer.from(content)])
        : content;
    await pipeline(source, fs.createWriteStream(filePath));
    return path.relative(this.location, filePath).split(path.sep).join('/');
  }

  async delete(name: string): Promise<void> {
    await fs.promises.rm(this.requirePath(name), { force: true });
  }

  async list(directory = ''): Promise<StorageListing> {
    const folder = directory === '' ? this.location : this.requirePath(directory);
    const entries = await fs.promises.readdir(folder, { withFileTypes: true });
    return {
      directories: entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(),
      files: entries.filter((e) => e.isFile()).map((e) => e.name).sort(),
    };
  }

  /** Names are confined lexically; this also refuses links whose target is outside. */
  private async refuseLinksOut(filePath: string): Promise<void> {
    if (this.options.followSymlinks) return;
    this.realLocation ??= fs.promises.realpath(this.location).catch((err: unknown) => {
      this.realLocation = undefined;
      throw err;
    });
    const [real, location] = await Promise.all([fs.promises.realpath(filePath), this.realLocation]);
    if (!isInside(location, real)) {
      throw Object.assign(new Error('Storage name leads out of the location'), { code: 'ENOENT' });
    }
  }

  private requirePath(name: string): string {
    const filePath = this.path(name);
    if (!filePath) {
      throw Object.assign(new Error(`Refused storage name: ${JSON.stringify(name)}`), {
        code: 'ENOENT',
      });
    }
    return filePath;
  }
}
