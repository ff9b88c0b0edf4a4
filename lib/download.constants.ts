/** Metadata key under which `@Download()` stores its options on a handler. */
export const DOWNLOAD_OPTIONS_METADATA = 'nestjs-downloadview:download-options';

/** Injection token of the storage that `StorageService` serves from. */
export const DOWNLOAD_STORAGE = Symbol('DOWNLOAD_STORAGE');

/** Injection token of the validated, normalised module options. */
export const DOWNLOAD_CONFIG = Symbol('DOWNLOAD_CONFIG');

/** How many ranges one request may ask for before the Range header is ignored. */
export const DEFAULT_MAX_RANGES = 32;

/** Read size for local files: large enough to keep per-chunk overhead low. */
export const DEFAULT_HIGH_WATER_MARK = 256 * 1024;
