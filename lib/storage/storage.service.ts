import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DOWNLOAD_STORAGE } from '../download.constants';
import { StorageFile } from '../files/storage.file';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { ByteRange } from '../interfaces/file-stat.interface';
import { type SignOptions, UrlSigner } from '../signing/url-signer.service';
import type { Storage, StorageContent, StorageListing, StorageStat } from '../interfaces/storage.interface';

/**
 * The storage configured in `DownloadModule.forRoot({ storage })`, injectable
 * anywhere. `file(name)` makes the wrapper a `@Download()` handler returns.
 */
@Injectable()
export class StorageService {
  constructor(
    @Optional() @Inject(DOWNLOAD_STORAGE) private readonly configured?: Storage,
    @Optional() private readonly signer?: UrlSigner,
  ) {}

  /** The storage itself; throws when none was configured. */
  get storage(): Storage {
    if (!this.configured) {
      throw new Error(
        'No storage configured: pass `storage` to DownloadModule.forRoot(), e.g. new FileSystemStorage({ location })',
      );
    }
    return this.configured;
  }

  /**
   * A lazy wrapper of a stored file. `name` may come from the URL as it is
   * (a string or Express's `*path` segment array): it is confined to the storage.
   */
  file(name: string | readonly string[], options?: FileOptions): StorageFile {
    return new StorageFile(this.storage, name, options);
  }

  exists(name: string): Promise<boolean> {
    return this.storage.exists(name);
  }

  stat(name: string): Promise<StorageStat | null> {
    return this.storage.stat(name);
  }

  open(name: string, range?: ByteRange): Promise<Readable> {
    return this.storage.open(name, range);
  }

  url(name: string): string | undefined {
    return this.storage.url(name);
  }

  /**
   * The file's `url()` signed by UrlSigner (expiry and signature in the
   * query), for a route under the storage's `baseUrl` guarded by
   * `@SignatureRequired()`; undefined when the storage gives it no URL.
   */
  signedUrl(name: string, options?: SignOptions): string | undefined {
    const url = this.url(name);
    if (url === undefined) return undefined;
    if (!this.signer) throw new Error('StorageService.signedUrl() needs DownloadModule (it provides UrlSigner)');
    return this.signer.sign(url, options);
  }

  path(name: string): string | undefined {
    return this.storage.path(name);
  }

  save(name: string, content: StorageContent): Promise<string> {
    return this.storage.save(name, content);
  }

  delete(name: string): Promise<void> {
    return this.storage.delete(name);
  }

  list(directory?: string): Promise<StorageListing> {
    return this.storage.list(directory);
  }
}
