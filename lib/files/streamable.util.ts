import { StreamableFile } from '@nestjs/common';
import { parse as parseDisposition } from 'content-disposition';
import { ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FileOptions } from '../interfaces/file-options.interface';
import { DownloadFile } from './download.file';
import { PathFile } from './path.file';
import { VirtualFile } from './virtual.file';

/**
 * The file wrapper standing for one of Nest's own StreamableFiles, when the
 * library can serve it better (Range, conditional GET, offload): one over a
 * whole local file (`createReadStream(path)`) becomes a PathFile, one over a
 * Buffer a VirtualFile; the type and disposition it was given are kept.
 * Any other stream (a pipe, a socket, a part of a file) answers `undefined`
 * and Nest sends it as it is.
 */
export function fileOfStreamable(streamable: StreamableFile): DownloadFile | undefined {
  if (streamable instanceof DownloadFile) return streamable;
  const stream = streamable.getStream();
  if (stream instanceof ReadStream) {
    const filePath = wholeFilePath(stream);
    if (filePath === undefined) return undefined;
    const file = new PathFile(filePath, optionsOf(streamable));
    // Opened (or opening) by createReadStream(): the wrapper opens its own.
    stream.destroy();
    return file;
  }
  const length = streamable.getHeaders().length;
  if (isBufferedWhole(stream, length)) {
    const content = stream.read() as Buffer | null;
    return new VirtualFile(content ?? Buffer.alloc(0), { name: 'download', ...optionsOf(streamable) });
  }
  return undefined;
}

/** Whether a StreamableFile can be served by the library (see fileOfStreamable). */
export function isServableStreamable(streamable: StreamableFile): boolean {
  if (streamable instanceof DownloadFile) return true;
  const stream = streamable.getStream();
  if (stream instanceof ReadStream) return wholeFilePath(stream) !== undefined;
  return isBufferedWhole(stream, streamable.getHeaders().length);
}

/** The path of a stream over a whole file that nobody has read from yet. */
function wholeFilePath(stream: ReadStream): string | undefined {
  const { path: filePath, start, end } = stream as ReadStream & { start?: number; end?: number };
  if (typeof filePath !== 'string' || Readable.isDisturbed(stream)) return undefined;
  if ((start !== undefined && start !== 0) || (end !== undefined && end !== Infinity)) return undefined;
  return filePath;
}

/** The Readable StreamableFile makes of a Buffer: every byte already in it, ended, unread. */
function isBufferedWhole(stream: Readable, length: number | undefined): boolean {
  return (
    stream instanceof Readable &&
    stream.constructor === Readable &&
    !stream.readableObjectMode &&
    typeof length === 'number' &&
    stream.readableLength === length &&
    !Readable.isDisturbed(stream) &&
    (stream as unknown as { _readableState?: { ended?: boolean } })._readableState?.ended === true
  );
}

/** The type and disposition the StreamableFile was given, as wrapper options. */
function optionsOf(streamable: StreamableFile): FileOptions {
  // The options as given: getHeaders() fills in a default type.
  const { type, disposition } = streamable.options ?? {};
  // No disposition given: Nest would send none, which browsers show inline.
  const options: FileOptions = { attachment: false };
  if (type) {
    const [mimetype, ...params] = type.split(';').map((part) => part.trim());
    options.mimetype = mimetype;
    const charset = params.find((param) => /^charset=/i.test(param));
    if (charset) options.charset = charset.slice('charset='.length).replace(/^"|"$/g, '');
  }
  if (disposition) {
    try {
      const parsed = parseDisposition(String(disposition));
      options.attachment = parsed.type === 'attachment';
      const filename = parsed.parameters.filename;
      if (typeof filename === 'string' && filename) options.basename = filename;
    } catch {
      // A disposition that does not parse: the library writes its own.
    }
  }
  return options;
}
