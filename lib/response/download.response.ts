import { NotFoundException } from '@nestjs/common';
import etag from 'etag';
import { randomBytes } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { DEFAULT_MAX_RANGES } from '../download.constants';
import type { DownloadFile } from '../files/download.file';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import type { ByteRange, DownloadRequestInfo, FileStat } from '../interfaces/file-stat.interface';
import { contentDispositionFor, contentTypeFor } from './content-headers';
import { isNotModified, isPreconditionFailure, isRangeFresh } from './preconditions';
import { parseRangeHeader } from './range-header';

/** A decided answer: status, headers and which bytes (if any) the body carries. */
export interface PreparedDownload {
  status: number;
  headers: OutgoingHttpHeaders;
  /** `none`: no body (HEAD, 304, 412, 416); `full`: the whole content; `ranges`: the listed ranges. */
  body: 'none' | 'full' | 'ranges';
  ranges?: ByteRange[];
  /** For several ranges: the multipart boundary and each part's header block. */
  multipart?: { boundary: string; partHeaders: string[] };
}

export interface DownloadResponseOptions extends DownloadOptions {
  /** Ranges one request may ask for before Range is ignored. */
  maxRanges?: number;
}

/**
 * django-downloadview's DownloadResponse: a file wrapper plus the response
 * attributes (attachment, basename, content type...), turned into a status
 * and headers for one request. Subclass it and override a getter to change
 * one header; DownloadService builds it in `createResponse()`.
 */
export class DownloadResponse {
  constructor(
    readonly file: DownloadFile,
    readonly options: DownloadResponseOptions = {},
  ) {}

  /** File name the client sees: the wrapper's, the decorator's, then the name's basename. */
  get basename(): string {
    return this.file.getBasename() ?? this.options.basename ?? this.file.getDefaultBasename();
  }

  /** Saved (`attachment`) or shown inline: the wrapper's choice, the decorator's, then attachment. */
  get attachment(): boolean {
    return this.file.getAttachment() ?? this.options.attachment ?? true;
  }

  /** Content-Type: the wrapper's, the decorator's, the source's, then by basename. */
  contentType(stat?: FileStat | null): string {
    const type = this.file.getMimeType() ?? this.options.mimetype ?? stat?.contentType;
    return contentTypeFor(this.basename, type, this.file.getCharset() ?? this.options.charset);
  }

  /**
   * Content-Encoding: the wrapper's, then the decorator's. `identity` (no
   * encoding) is never sent: RFC 9110 reserves it for Accept-Encoding.
   */
  get encoding(): string | undefined {
    const encoding = this.file.getEncoding() ?? this.options.encoding;
    return encoding === undefined || encoding.toLowerCase() === 'identity' ? undefined : encoding;
  }

  /**
   * Headers that need no look at the content: Content-Type, Content-Disposition,
   * Content-Encoding (only when given) and Cache-Control. Offloaded answers
   * carry exactly these.
   */
  defaultHeaders(stat?: FileStat | null): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {
      'content-type': this.contentType(stat),
      'content-disposition': contentDispositionFor(this.basename, this.attachment),
    };
    if (this.encoding) headers['content-encoding'] = this.encoding;
    if (this.options.cacheControl) headers['cache-control'] = this.options.cacheControl;
    return headers;
  }

  /** The ETag: the wrapper's own, or a weak one from size and modification time. */
  etag(stat: FileStat): string | undefined {
    if (stat.etag) return stat.etag;
    if (stat.size === undefined || !stat.modifiedTime) return undefined;
    const time = stat.modifiedTime;
    return etag({ ctime: time, mtime: time, ino: 0, size: stat.size } as never, { weak: true });
  }

  /**
   * Looks at the file once and decides the answer: 404 (thrown) when it is
   * missing, then 412, 304, 416, 206 or 200 per RFC 9110.
   */
  async prepare(request: DownloadRequestInfo): Promise<PreparedDownload> {
    const stat = await this.file.stat(request);
    if (!stat) throw new NotFoundException();
    const headers = this.defaultHeaders(stat);
    if (stat.upstream) return this.prepareUpstream(request, stat, headers);

    const lastModified = stat.modifiedTime?.toUTCString();
    const tag = this.etag(stat);
    if (lastModified) headers['last-modified'] = lastModified;
    if (tag) headers.etag = tag;
    const validators = { etag: tag, lastModified };

    if (isPreconditionFailure(request.headers, validators)) {
      return { status: 412, headers: this.bodiless(headers), body: 'none' };
    }
    if (isNotModified(request.headers, validators)) {
      return { status: 304, headers: this.bodiless(headers, false), body: 'none' };
    }
    const size = stat.size;
    const rangeable = this.file.seekable && size !== undefined;
    if (rangeable) headers['accept-ranges'] = 'bytes';
    if (size !== undefined) headers['content-length'] = size;

    const rangeHeader = request.headers.range;
    if (rangeable && typeof rangeHeader === 'string' && isRangeFresh(request.headers, validators)) {
      const ranges = parseRangeHeader(size, rangeHeader);
      if (ranges === -1) {
        const answer = this.bodiless(headers);
        answer['content-range'] = `bytes */${size}`;
        return { status: 416, headers: answer, body: 'none' };
      }
      const maxRanges = this.options.maxRanges ?? DEFAULT_MAX_RANGES;
      if (ranges !== -2 && ranges.type === 'bytes' && ranges.length <= maxRanges) {
        return this.preparePartial(request, headers, [...ranges], size);
      }
    }
    return { status: 200, headers, body: this.bodyFor(request) };
  }

  private preparePartial(
    request: DownloadRequestInfo,
    headers: OutgoingHttpHeaders,
    ranges: ByteRange[],
    size: number,
  ): PreparedDownload {
    if (ranges.length === 1) {
      const [{ start, end }] = ranges;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
      headers['content-length'] = end - start + 1;
      return { status: 206, headers, body: request.method === 'HEAD' ? 'none' : 'ranges', ranges };
    }
    const boundary = randomBytes(12).toString('hex');
    const type = headers['content-type'];
    const partHeaders = ranges.map(
      ({ start, end }, index) =>
        `${index === 0 ? '' : '\r\n'}--${boundary}\r\ncontent-type: ${type}\r\n` +
        `content-range: bytes ${start}-${end}/${size}\r\n\r\n`,
    );
    const closing = `\r\n--${boundary}--\r\n`;
    const length =
      partHeaders.reduce((sum, part) => sum + Buffer.byteLength(part), 0) +
      ranges.reduce((sum, { start, end }) => sum + end - start + 1, 0) +
      Buffer.byteLength(closing);
    headers['content-type'] = `multipart/byteranges; boundary=${boundary}`;
    headers['content-length'] = length;
    return {
      status: 206,
      headers,
      body: request.method === 'HEAD' ? 'none' : 'ranges',
      ranges,
      multipart: { boundary, partHeaders: [...partHeaders, closing] },
    };
  }

  /** A remote source answered Range and conditions itself: pass its answer on. */
  private prepareUpstream(
    request: DownloadRequestInfo,
    stat: FileStat,
    headers: OutgoingHttpHeaders,
  ): PreparedDownload {
    const { status, headers: upstream } = stat.upstream!;
    const merged = { ...headers, ...upstream };
    const hasBody = status === 200 || status === 206;
    const answer = hasBody ? merged : this.bodiless(merged, status !== 304);
    // A 416 tells the client the size in `Content-Range: bytes */size`.
    if (status === 416 && upstream['content-range']) answer['content-range'] = upstream['content-range'];
    return { status, headers: answer, body: hasBody ? this.bodyFor(request) : 'none' };
  }

  private bodyFor(request: DownloadRequestInfo): 'none' | 'full' {
    return request.method === 'HEAD' ? 'none' : 'full';
  }

  /**
   * Headers of an answer without content (304, 412, 416): no content headers;
   * `Content-Length: 0` except on a 304, where it would describe the 200's content.
   */
  private bodiless(headers: OutgoingHttpHeaders, emptyLength = true): OutgoingHttpHeaders {
    const {
      'content-type': _type,
      'content-length': _length,
      'content-encoding': _encoding,
      'content-range': _range,
      ...rest
    } = headers;
    return emptyLength ? { ...rest, 'content-length': 0 } : rest;
  }
}
