import type { SigningOptions } from '../signing/signing-options.interface';
import type { Storage } from '../storage/storage.interface';
import type { DownloadOptions } from './download-options.interface';

/** Options of `DownloadModule.forRoot()` / `forRootAsync()`. */
export interface DownloadModuleOptions {
  /** The storage `StorageService` serves from (Django's DEFAULT_FILE_STORAGE). */
  storage?: Storage;
  /** Defaults for every `@Download()`; a decorator's own options win. */
  defaults?: DownloadOptions;
  /** How many ranges one request may ask for before Range is ignored (default 32). */
  maxRanges?: number;
  /**
   * Secrets (and lifetime) of signed URLs, checked by `@SignatureRequired()`;
   * the first secret signs, every one verifies.
   * @see docs/signing.md
   */
  signing?: SigningOptions;
}
