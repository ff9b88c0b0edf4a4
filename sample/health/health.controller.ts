import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Download, DownloadHealthIndicator, StorageService } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { CHECK_FILE } from './health.constants';

/** Health routes: terminus indicators, and the download the healthcheck command asks for. */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly downloads: DownloadHealthIndicator,
    private readonly storage: StorageService,
  ) {}

  // docs:start indicator
  /** Storage readable and, when the app offloads, the check file handed to the proxy. */
  @Get('health')
  @HealthCheck()
  @Example('/health', 'terminus health: storage readable (and offload headers, when the app offloads)')
  check() {
    return this.health.check([
      () => this.downloads.isStorageReadable('storage', CHECK_FILE),
      ...(this.downloads.offloading ? [() => this.downloads.isOffloaded('offload', CHECK_FILE)] : []),
    ]);
  }
  // docs:end indicator

  // docs:start check-route
  /**
   * The dedicated download of django-downloadview's healthchecks: public but
   * not linked, it answers the check file from the real storage, offloaded
   * like any other download.
   */
  @Get('healthcheck-utils/download')
  @Download()
  @Example('/healthcheck-utils/download', 'the check file the healthcheck command downloads')
  checkFile() {
    return this.storage.file(CHECK_FILE);
  }
  // docs:end check-route
}
