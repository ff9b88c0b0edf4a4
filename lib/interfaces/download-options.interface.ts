/**
 * Options of `@Download()` (django-downloadview's view attributes). Values the
 * returned wrapper carries itself (basename, mimetype, encoding, charset) win
 * over these.
 */
export interface DownloadOptions {
  /** `attachment` (default) makes browsers save the file; `false` shows it inline. */
  attachment?: boolean;
  /** The file name the client sees. */
  basename?: string;
  /** MIME type; looked up from the basename when absent. */
  mimetype?: string;
  /** Content-Encoding, sent only when given. */
  encoding?: string;
  /** Charset added to text types (default utf-8). */
  charset?: string;
  /** Cache-Control value, e.g. `private, max-age=3600`. */
  cacheControl?: string;
  /** `false` serves the file from the application even when an offload rule matches. */
  offload?: boolean;
  /** When the handler returns an entity: the property holding the file (default `file`). */
  fileField?: string;
}
