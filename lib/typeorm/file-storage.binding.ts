import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { DOWNLOAD_STORAGE } from '../download.constants';
import type { Storage } from '../storage/storage.interface';
import { fileStorages } from './file-storage.registry';

/**
 * Binds the module's storage for `@FileColumn()` as soon as DownloadModule is
 * instantiated, so entities read in any `onModuleInit()` (a seeder) already
 * hydrate; releases it when the application shuts down. Loads no TypeORM.
 */
@Injectable()
export class FileStorageBinding implements OnApplicationShutdown {
  private readonly release?: () => void;

  constructor(@Optional() @Inject(DOWNLOAD_STORAGE) storage?: Storage) {
    this.release = storage ? fileStorages.bind(storage) : undefined;
  }

  onApplicationShutdown(): void {
    this.release?.();
  }
}
