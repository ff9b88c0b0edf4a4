import type { SigningOptions } from './signing/signing-options.interface';
import type { ProxyLinkOptions } from './signing/proxy-link-options.interface';
import type { OffloadBackend } from './optimizations/backends/offload-backend.interface';
import type { OffloadRule, OffloadServerName } from './optimizations/offload-rule.interface';
import type { Storage } from './interfaces/storage.interface';
import type { DownloadOptions } from './interfaces/download-options.interface';

/** Options of `DownloadModule.forRoot()` / `forRootAsync()`. */
export interface DownloadModuleOptions {
  /** The storage `StorageService` serves from (Django's DEFAULT_FILE_STORAGE). */
  storage?: Storage;
  /** Defaults for every `@Download()`; a decorator's own options win. */
  defaults?: DownloadOptions;
  /** How many ranges one request may ask for before Range is ignored (default 32). */
  maxRanges?: number;
  /**
   * The reverse proxy that sends offloaded files (DOWNLOADVIEW_BACKEND):
   * `nginx`, `apache`, `lighttpd`, `caddy` or your own OffloadBackend. Rules may name their own.
   */
  backend?: OffloadServerName | OffloadBackend;
  /**
   * Which files the proxy sends (DOWNLOADVIEW_RULES); the first match wins.
   * Checked at start-up: a wrong rule fails with its index.
   * @see docs/optimizations/index.md
   */
  rules?: OffloadRule[];
  /**
   * Secrets (and lifetime) of signed URLs, checked by `@SignatureRequired()`;
   * the first secret signs, every one verifies.
   * @see docs/signing.md
   */
  signing?: SigningOptions;
  /**
   * Folders the proxy serves to holders of an unexpired link from
   * `UrlSigner.proxyLink()`, checking the link itself (nginx `secure_link`,
   * lighttpd mod_magnet); the proxy config generator writes the matching
   * location and secret.
   * @see docs/optimizations/verified-links.md
   */
  proxyLinks?: ProxyLinkOptions[];
}
