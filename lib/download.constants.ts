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

/** Injection token of the FileResolvers DownloadService asks first (a list). */
export const DOWNLOAD_FILE_RESOLVERS = Symbol('DOWNLOAD_FILE_RESOLVERS');

/** Metadata key under which a route names the FileResolver class that answers it (`@ObjectDownload()` does). */
export const DOWNLOAD_RESOLVER_METADATA = 'nestjs-downloadview:file-resolver';

/** Injection token telling a DownloadInterceptor it is the module's global one. */
export const DOWNLOAD_INTERCEPTOR_SCOPE = Symbol('DOWNLOAD_INTERCEPTOR_SCOPE');
