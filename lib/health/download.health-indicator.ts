import { Injectable, Optional } from '@nestjs/common';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import { OffloadService } from '../optimizations/offload.service';
import { DownloadResponse } from '../response/download.response';
import { StorageService } from '../storage/storage.service';
import { requireOptional } from '../utils/optional-package.util';
import { readableHeader } from './checks/http-probe';

/** How much of the check file is read to prove the storage readable. */
const READ_LIMIT = 1024 * 1024;

/**
 * @nestjs/terminus indicators for downloads (install @nestjs/terminus; it is
 * loaded on the first check). List it in your health module's providers.
 *
 * `isOffloaded()` asks the offload resolution directly (OffloadService, as
 * DownloadService does), not the app's route over HTTP: no port or URL to
 * configure, and it works before the app listens. The HTTP side, with the
 * reverse proxy, is for the `nestjs-downloadview healthcheck` command.
 *
 * @see docs/healthchecks.md
 * @example
 * @Get('health') @HealthCheck()
 * check() {
 *   return this.health.check([
 *     () => this.downloads.isStorageReadable('storage', 'healthcheck.txt'),
 *     () => this.downloads.isOffloaded('offload', 'healthcheck.txt'),
 *   ]);
 * }
 */
@Injectable()
export class DownloadHealthIndicator {
  private indicators?: HealthIndicatorService;

  constructor(
    protected readonly storage: StorageService,
    @Optional() protected readonly offloads?: OffloadService,
  ) {}

  /** Whether the app offloads at all (a backend or rules configured): worth checking `isOffloaded()`. */
  get offloading(): boolean {
    return Boolean(this.offloads && (this.offloads.backend !== undefined || this.offloads.rules.length > 0));
  }

  /** Up when the check file `name` exists in the storage and its content can be read. */
  async isStorageReadable<const Key extends string>(key: Key, name: string): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.service().check(key);
    try {
      const stat = await this.storage.stat(name);
      if (!stat) return indicator.down({ message: `${name} is not in the storage` });
      const read = await this.readSome(name);
      return indicator.up({ file: name, size: stat.size, read });
    } catch (err) {
      return indicator.down({ message: `${name}: ${(err as Error).message}` });
    }
  }

  /**
   * Up when a download of the stored file `name` would be handed to the
   * reverse proxy: its backend and offload header. Down when no rule
   * matches (the app would stream it) or the file is refused.
   */
  async isOffloaded<const Key extends string>(
    key: Key,
    name: string,
    options: DownloadOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.service().check(key);
    try {
      const download = new DownloadResponse(this.storage.file(name), options);
      const proxied = this.offloads ? await this.offloads.createResponse(download) : null;
      if (!proxied) {
        return indicator.down({ message: `no offload rule matches ${name}: the app would stream it (check backend and rules)` });
      }
      const header = ['x-accel-redirect', 'x-sendfile'].find((h) => proxied.headers[h] !== undefined) ?? 'none';
      const value = proxied.headers[header];
      return indicator.up({
        backend: proxied.backend,
        header,
        location: value === undefined ? undefined : readableHeader(String(value)),
      });
    } catch (err) {
      return indicator.down({ message: `${name}: ${(err as Error).message}` });
    }
  }

  /** terminus's HealthIndicatorService, loaded on first use. */
  protected service(): HealthIndicatorService {
    if (!this.indicators) {
      const terminus = requireOptional<typeof import('@nestjs/terminus')>('@nestjs/terminus', 'DownloadHealthIndicator');
      this.indicators = new terminus.HealthIndicatorService();
    }
    return this.indicators;
  }

  private async readSome(name: string): Promise<number> {
    const stream = await this.storage.open(name);
    let read = 0;
    try {
      for await (const chunk of stream) {
        read += (chunk as Buffer).length;
        if (read >= READ_LIMIT) break;
      }
    } finally {
      stream.destroy();
    }
    return read;
  }
}
