import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { DEFAULT_HIGH_WATER_MARK } from '../download.constants';
import type { ByteRange } from '../interfaces/file-stat.interface';
import { markLocalFile } from './file-pump.util';

/**
 * Opens a local file for reading, starting at the range's first byte (the
 * kernel seeks; nothing before it is read), and settles once the file is
 * open, so that a file gone since `stat()` fails before any header is sent.
 */
export function openFileStream(
  filePath: string,
  range?: ByteRange,
  highWaterMark = DEFAULT_HIGH_WATER_MARK,
): Promise<Readable> {
  const stream = fs.createReadStream(filePath, {
    start: range?.start,
    end: range?.end,
    highWaterMark,
  });
  // Lets the response writer send the file itself while nothing else reads it (see pumpFile).
  markLocalFile(stream, range?.start ?? 0, range?.end ?? Infinity, highWaterMark);
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      stream.off('ready', onReady);
      reject(err);
    };
    const onReady = () => {
      stream.off('error', onError);
      resolve(stream);
    };
    stream.once('error', onError);
    stream.once('ready', onReady);
  });
}
