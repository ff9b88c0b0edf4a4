import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { ByteRange, FileStat } from '../interfaces/file-stat.interface';
import { confinePath, isInside, joinName } from '../utils/confine-path.util';
import { isNotFoundError } from '../utils/fs-errors.util';
import { openFileStream } from '../utils/open-file-stream.util';
import { DownloadFile } from './download.file';

export interface PathFileOptions extends FileOptions {
  /**
   * Folder the path is resolved in. With a root, the path is a user-supplied
   * relative name: anything that would leave the root (`..`, encoded dots,
   * NUL, backslashes, absolute names, links leading out) answers 404.
   */
  root?: string;
  /** Follow symbolic links that lead outside `root` (default: refuse them). */
  followSymlinks?: boolean;
  /** Read size in bytes. */
  highWaterMark?: number;
}

const realRoots = new Map<string, Promise<string>>();

function realRoot(root: string): Promise<string> {
  let real = realRoots.get(root);
  if (!real) {
    real = fs.promises.realpath(root);
    real.catch(() => realRoots.delete(root));
    realRoots.set(root, real);
  }
  return real;
}

/**
 * A file on the local disk (django-downloadview's PathDownloadView).
 *
 * @example
 * new PathFile(name, { root: FIXTURES_DIR })   // name comes from the URL: confined
 * new PathFile('/srv/exports/data.csv')        // trusted absolute path
 */
export class PathFile extends DownloadFile {
  /** The absolute path, or null when the name was refused. */
  protected readonly resolvedPath: string | null;

  constructor(
    filePath: string | readonly string[],
    protected readonly pathOptions: PathFileOptions = {},
  ) {
    super(joinName(filePath), pathOptions);
    this.resolvedPath = pathOptions.root
      ? confinePath(pathOptions.root, filePath)
      : typeof filePath === 'string' && !filePath.includes('\0')
        ? path.resolve(filePath)
        : null;
  }

  override get seekable(): boolean {
    return true;
  }

  override getPath(): string | undefined {
    return this.resolvedPath ?? undefined;
  }

  /** `root`, absolute, unless `followSymlinks` is set. */
  override getLinkRoot(): string | undefined {
    const { root, followSymlinks } = this.pathOptions;
    return root && !followSymlinks ? path.resolve(root) : undefined;
  }

  protected async loadStat(): Promise<FileStat | null> {
    const filePath = this.resolvedPath;
    if (!filePath) return null;
    try {
      const stats = await fs.promises.stat(filePath);
      if (!stats.isFile()) return null;
      if (this.pathOptions.root && !this.pathOptions.followSymlinks) {
        const [real, root] = await Promise.all([
          fs.promises.realpath(filePath),
          realRoot(path.resolve(this.pathOptions.root)),
        ]);
        if (!isInside(root, real)) return null;
      }
      return { size: stats.size, modifiedTime: stats.mtime };
    } catch (err) {
      if (isNotFoundError(err)) return null;
      throw err;
    }
  }

  async open(range?: ByteRange): Promise<Readable> {
    if (!this.resolvedPath) throw Object.assign(new Error('refused path'), { code: 'ENOENT' });
    return openFileStream(this.resolvedPath, range, this.pathOptions.highWaterMark);
  }
}
