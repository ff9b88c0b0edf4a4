import type { IncomingHttpHeaders } from 'node:http';

/**
 * What a file wrapper knows about its content once it has looked (stat for a
 * local file, the answer's headers for a remote one). Every field is optional:
 * an unknown size means no Content-Length and no Range support.
 */
export interface FileStat {
  /** Size in bytes. */
  size?: number;
  /** Last modification time, sent as Last-Modified. */
  modifiedTime?: Date;
  /** A validator of the content (quoted, `W/` for weak), sent as ETag. */
  etag?: string;
  /** A MIME type the source itself reported (e.g. a remote Content-Type). */
  contentType?: string;
  /**
   * Set by wrappers whose source has already answered the client's Range and
   * conditional headers (HttpFile): the status and the headers to pass on.
   */
  upstream?: UpstreamAnswer;
}

/** A status and headers decided by the file's source rather than by the library. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
}

/** An inclusive byte range, as range-parser returns it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The parts of the client's request a wrapper may need to look at its content. */
export interface DownloadRequestInfo {
  method: string;
  headers: IncomingHttpHeaders;
  /** Aborted when the client goes away or the download ends early. */
  signal?: AbortSignal;
}
