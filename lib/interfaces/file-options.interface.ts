/**
 * Values a file wrapper may carry about itself. Set on the wrapper, they win
 * over the same options given to `@Download()`; left out, the decorator's
 * values apply, then what is derived from the file's name.
 */
export interface FileOptions {
  /** The file name the client sees (Content-Disposition). */
  basename?: string;
  /** MIME type, e.g. `text/csv`; looked up from the basename when absent. */
  mimetype?: string;
  /** Content-Encoding, sent only when given (e.g. `gzip` for pre-compressed content). */
  encoding?: string;
  /** Charset added to text types; defaults to utf-8 for them. */
  charset?: string;
  /** `true` makes browsers save the file, `false` shows it inline (Content-Disposition type). */
  attachment?: boolean;
}
