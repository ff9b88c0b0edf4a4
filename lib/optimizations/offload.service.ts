import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../utils/confine-path.util';
import { isNotFoundError } from '../utils/fs-errors.util';
import type { DownloadFile } from '../files/download.file';
import { HttpFile } from '../files/http.file';
import { PathFile } from '../files/path.file';
import { VirtualFile } from '../files/virtual.file';
import type { DownloadResponse } from '../response/download.response';
import type { OffloadBackend } from './backends/offload-backend.interface';
import { OFFLOAD_BACKEND, OFFLOAD_RULES } from './offload.constants';
import { type CompiledOffloadRule, matchOffloadRule, type OffloadTarget, presignedTarget } from './offload-rules';
import { presignOverrides } from './presign-overrides.util';
import type { ProxiedDownloadResponse } from './proxied-download.response';

/**
 * The offload configuration of `DownloadModule` (django-downloadview's
 * SmartDownloadMiddleware): the global backend and rules, injectable and
 * inspectable. DownloadService asks it, for each download, whether
 * a reverse proxy sends the file and with which answer.
 */
@Injectable()
export class OffloadService {
  /**
   * Real paths of the folders links must not leave, resolved once per folder
   * and kept by this instance (one per application), never module-wide.
   */
  private readonly realFolders = new Map<string, string | Promise<string>>();
  /** The same folders as written, resolved and ending with a separator. */
  private readonly folderPrefixes = new Map<string, string>();

  constructor(
    @Optional() @Inject(OFFLOAD_BACKEND) readonly backend?: OffloadBackend,
    @Optional() @Inject(OFFLOAD_RULES) readonly rules: readonly CompiledOffloadRule[] = [],
  ) {}

  /**
   * Where the first matching rule sends `file` (route rules from
   * `@XAccelRedirect()` / `@XSendfile()` / `@PresignedRedirect()` first, then the global ones), or
   * null when it is streamed: VirtualFile never matches, HttpFile only a
   * `sourceUrl` rule of a backend that offloads remote files (nginx).
   */
  resolve(file: DownloadFile, routeRules: readonly CompiledOffloadRule[] = []): OffloadTarget | null {
    if (!this.canOffload(file)) return null;
    const remote = file instanceof HttpFile;
    for (const rules of [routeRules, this.rules]) {
      for (const rule of rules) {
        if (remote && !(rule.sourceUrl && rule.backend.offloadsRemoteFiles)) continue;
        const target = matchOffloadRule(rule, file);
        if (target) return target;
      }
    }
    return null;
  }

  /**
   * The empty answer that hands `download` to the reverse proxy (or, for a
   * `redirect` rule, sends the client to a presigned URL), or null
   * when the application must stream it. Throws 404 for a name that path
   * confinement refused, and, for backends that stat (Apache), for a file
   * that does not exist. No other backend looks at the file: the proxy
   * answers 404 itself. A file whose real path leaves the rule's
   * `sourceDir` or the wrapper's folder through a symbolic link is refused
   * (404) unless the rule sets `allowSymlinks`: see `refuseLinksOut()`.
   */
  async createResponse(
    download: DownloadResponse,
    routeRules: readonly CompiledOffloadRule[] = [],
  ): Promise<ProxiedDownloadResponse | null> {
    const file = download.file;
    if (file instanceof PathFile && file.getPath() === undefined) throw new NotFoundException();
    const target = this.resolve(file, routeRules);
    if (!target) return null;
    const backend = target.rule.backend;
    // The store sends the encoding a redirect names (a presign override).
    if (backend.destinationKind === 'redirect') return this.createRedirectResponse(download, target);
    // A Content-Encoding cannot survive the proxy (dropped or sent for bytes it did not encode).
    if (download.encoding) return null;
    if (target.rule.sourceStorage) return this.createPresignedResponse(download, target);
    if (!backend.needsStat) {
      await this.refuseLinksOut(file, target);
      return backend.createResponse(download, target) ?? null;
    }
    const [stat] = await Promise.all([file.stat(), this.refuseLinksOut(file, target)]);
    if (!stat) throw new NotFoundException();
    return backend.createResponse(download, target, stat) ?? null;
  }

  /**
   * The answer of a `sourceStorage` rule: the object presigned (no request to
   * the storage: the SDK signs locally), named below the rule's location with
   * the presigned query. A missing object is the proxy's 404 (its location
   * maps the storage's 403 and 404). 404 for a name the storage refuses.
   */
  protected async createPresignedResponse(download: DownloadResponse, target: OffloadTarget): Promise<ProxiedDownloadResponse | null> {
    const { rule } = target;
    const url = await rule.sourceStorage!.presign(download.file.name, { expiresIn: rule.options.presignExpiresIn ?? 60 });
    if (url === undefined) throw new NotFoundException();
    const presigned = presignedTarget(rule, url);
    if (!presigned) throw new NotFoundException();
    return rule.backend.createResponse(download, presigned) ?? null;
  }

  /**
   * The answer of a `redirect` rule: one stat of the object (404 when it is
   * missing; a store failure is thrown as it is, 502 or 504), then the object
   * presigned with the streamed answer's headers as overrides (see
   * `presignOverrides()`). 404 for a name the storage refuses.
   */
  protected async createRedirectResponse(download: DownloadResponse, target: OffloadTarget): Promise<ProxiedDownloadResponse | null> {
    const { rule } = target;
    const stat = await download.file.stat();
    if (!stat) throw new NotFoundException();
    const url = await rule.sourceStorage!.presign(download.file.name, {
      ...presignOverrides(download, stat),
      expiresIn: rule.options.presignExpiresIn ?? 60,
    });
    if (url === undefined) throw new NotFoundException();
    return rule.backend.createResponse(download, { ...target, url }, stat) ?? null;
  }

  /**
   * Throws 404 when the real path of a local file leaves the folders that
   * symbolic links must not leave: the rule's `sourceDir` and the wrapper's
   * own (`getLinkRoot()`: a PathFile's root, a FileSystemStorage's location).
   * Nothing to check for remote files, files without a local path, or a rule
   * with `allowSymlinks: true`.
   *
   * The usual case costs one `lstat` per path segment below the folder (one
   * for a file directly in it): a file below the folder reached through no
   * link has its real path below the folder's real path. Only when a segment
   * is a link (or the file is not below the folder as written) is the file's
   * real path resolved and compared with the folder's, resolved once.
   */
  protected async refuseLinksOut(file: DownloadFile, target: OffloadTarget): Promise<void> {
    if (target.rule.options.allowSymlinks) return;
    const filePath = file.getPath();
    if (filePath === undefined) return;
    const sourceDir = target.rule.sourceDir;
    const linkRoot = file.getLinkRoot();
    if (sourceDir === undefined && linkRoot === undefined) return;
    const folders = linkRoot === undefined || linkRoot === sourceDir ? [sourceDir!] : sourceDir === undefined ? [linkRoot] : [sourceDir, linkRoot];
    try {
      if (this.reachedWithoutLinks(filePath, folders)) return;
      // Synchronous: one realpath(3) costs a few microseconds, the thread-pool hop of the async call tens.
      const real = fs.realpathSync.native(filePath);
      for (const folder of folders) {
        const known = this.realFolders.get(folder);
        const realFolder = typeof known === 'string' ? known : await (known ?? this.resolveFolder(folder));
        if (!isInside(realFolder, real)) throw new NotFoundException();
      }
    } catch (err) {
      if (isNotFoundError(err)) throw new NotFoundException();
      throw err;
    }
  }

  /**
   * Whether `filePath` lies below every folder as written and no segment
   * below the outermost of them is a symbolic link (one `lstat` each).
   * Throws ENOENT for a missing file; false sends the caller to realpath.
   */
  private reachedWithoutLinks(filePath: string, folders: readonly string[]): boolean {
    let outer: string | undefined;
    for (const folder of folders) {
      const prefix = this.folderPrefix(folder);
      if (!filePath.startsWith(prefix)) return false;
      if (outer === undefined || prefix.length < outer.length) outer = prefix;
    }
    let end = filePath.length;
    while (end > outer!.length - 1) {
      const stat = fs.lstatSync(filePath.slice(0, end), { throwIfNoEntry: false });
      if (!stat) throw Object.assign(new Error(`ENOENT: ${filePath}`), { code: 'ENOENT' });
      if (stat.isSymbolicLink()) return false;
      end = filePath.lastIndexOf(path.sep, end - 1);
    }
    return true;
  }

  /** A folder as written, resolved, ending with one separator; remembered per instance. */
  private folderPrefix(folder: string): string {
    let prefix = this.folderPrefixes.get(folder);
    if (prefix === undefined) {
      const base = path.resolve(folder);
      prefix = base.endsWith(path.sep) ? base : base + path.sep;
      this.folderPrefixes.set(folder, prefix);
    }
    return prefix;
  }

  private resolveFolder(folder: string): Promise<string> {
    const pending = fs.promises.realpath(folder).then(
      (real) => {
        this.realFolders.set(folder, real);
        return real;
      },
      (err: unknown) => {
        this.realFolders.delete(folder); // tried again on the next answer
        throw err;
      },
    );
    this.realFolders.set(folder, pending);
    return pending;
  }

  /** Whether a file can ever be offloaded; override to exclude your own wrappers. */
  protected canOffload(file: DownloadFile): boolean {
    return !(file instanceof VirtualFile);
  }
}
