import contentDisposition from 'content-disposition';
import * as mime from 'mime-types';
import { remembered } from '../utils/remembered.util';

/** Whether a MIME type is text, which alone gets a charset. */
export function isTextType(type: string): boolean {
  return remembered(textTypes, type, () => mime.charset(type.split(';')[0].trim().toLowerCase()) !== false);
}

/** Answers asked on every download, for the same few types and names. */
const textTypes = new Map<string, boolean>();
const dispositions = new Map<string, string>();

/**
 * Content-Type for a download: the given type or the one looked up from the
 * basename, with a charset on text types only. A name like `x.tar.gz` gives
 * `application/gzip` and never a Content-Encoding.
 */
export function contentTypeFor(
  basename: string,
  type: string | undefined,
  charset: string | undefined,
): string {
  const resolved = type ?? (mime.lookup(basename) || 'application/octet-stream');
  if (/;\s*charset=/i.test(resolved) || !isTextType(resolved)) return resolved;
  return `${resolved}; charset=${charset ?? 'utf-8'}`;
}

/**
 * An ASCII stand-in for `filename=`: accents dropped (`é` → `e`), any other
 * non-ASCII character replaced by `_`. Clients that read `filename*` ignore it.
 */
export function asciiFilename(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/gu, '_');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Content-Disposition per RFC 6266 / 5987: an ASCII `filename` fallback and
 * a `filename*` for the rest. Control characters (CR, LF, C1...) and
 * backslashes (which the package would take as a folder separator) become
 * `_`; quotes are escaped by the content-disposition package, never injected.
 */
export function contentDispositionFor(basename: string, attachment: boolean): string {
  return remembered(dispositions, (attachment ? 'a:' : 'i:') + basename, () => computeDisposition(basename, attachment));
}

function computeDisposition(basename: string, attachment: boolean): string {
  const safe = basename.replace(/[\u0000-\u001f\u007f-\u009f\\]/g, '_') || 'download';
  return contentDisposition(safe, {
    type: attachment ? 'attachment' : 'inline',
    // A printable ASCII name is its own fallback (and skips Unicode normalisation).
    fallback: PRINTABLE_ASCII.test(safe) ? safe : asciiFilename(safe),
  });
}
