import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import type { DownloadFile } from '../files/download.file';
import { HttpFile } from '../files/http.file';
import { PathFile } from '../files/path.file';
import { VirtualFile } from '../files/virtual.file';
import type { DownloadResponse } from '../response/download.response';
import type { OffloadBackend } from './backends/offload-backend.interface';
import { OFFLOAD_BACKEND, OFFLOAD_RULES } from './offload.constants';
import { type CompiledOffloadRule, matchOffloadRule, type OffloadTarget } from './offload-rules';
import type { ProxiedDownloadResponse } from './proxied-download.response';

/**
 * The offload configuration of `DownloadModule` (django-downloadview's
 * SmartDownloadMiddleware): the global backend and rules, injectable and
 * inspectable. DownloadService asks it, for each download, whether
 * a reverse proxy sends the file and with which answer.
 */
@Injectable()
export class OffloadService {
  constructor(
    @Optional() @Inject(OFFLOAD_BACKEND) readonly backend?: OffloadBackend,
    @Optional() @Inject(OFFLOAD_RULES) readonly rules: readonly CompiledOffloadRule[] = [],
  ) {}

  /**
   * Where the first matching rule sends `file` (route rules from
   * `@XAccelRedirect()` / `@XSendfile()` first, then the global ones), or
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
   * The empty answer that hands `download` to the reverse proxy, or null
   * when the application must stream it. Throws 404 for a name that path
   * confinement refused, and, for backends that stat (Apache), for a file
   * that does not exist. No other backend looks at the file: the proxy
   * answers 404 itself.
   */
  async createResponse(
    download: DownloadResponse,
    routeRules: readonly CompiledOffloadRule[] = [],
  ): Promise<ProxiedDownloadResponse | null> {
    const file = download.file;
    if (file instanceof PathFile && file.getPath() === undefined) throw new NotFoundException();
    // A Content-Encoding cannot survive the proxy (dropped or sent for bytes it did not encode).
    if (download.encoding) return null;
    const target = this.resolve(file, routeRules);
    if (!target) return null;
    const backend = target.rule.backend;
    if (!backend.needsStat) return backend.createResponse(download, target) ?? null;
    const stat = await file.stat();
    if (!stat) throw new NotFoundException();
    return backend.createResponse(download, target, stat) ?? null;
  }

  /** Whether a file can ever be offloaded; override to exclude your own wrappers. */
  protected canOffload(file: DownloadFile): boolean {
    return !(file instanceof VirtualFile);
  }
}
