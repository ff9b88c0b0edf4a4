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

/** Letters NFKD leaves whole, written the way a person would in ASCII. */
const ASCII_SPELLINGS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
};
const SPELLED = new RegExp(`[${Object.keys(ASCII_SPELLINGS).join('')}]`, 'g');

/** Characters the ASCII fallback never carries: non-printable or non-ASCII, `"` and `\`. */
const NOT_IN_FALLBACK = /[^\x20-\x7e]|["\\]/gu;

/**
 * An ASCII stand-in for `filename=`, what a person would type: accents
 * dropped (NFKD, then combining marks removed: `é` → `e`), `ß` → `ss`,
 * `æ` → `ae`, `ø` → `o`, `œ` → `oe`, `ł` → `l`, `đ` → `d`, and every other
 * character outside printable ASCII, `"` and `\` replaced by `_` (clients
 * that read this parameter only, such as curl -OJ, do not undo escaping).
 * Clients that read `filename*` get the exact name there instead.
 */
export function asciiFilename(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPELLED, (letter) => ASCII_SPELLINGS[letter])
    .replace(NOT_IN_FALLBACK, '_');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Content-Disposition per RFC 6266 / 5987: an ASCII `filename` fallback (see
 * `asciiFilename()`) and, when it differs from the name, a `filename*` with
 * the exact UTF-8 name. Control characters (CR, LF, C1...), backslashes and
 * slashes (which the package would take as folder separators, keeping only
 * what follows) become `_` in both, and a lone surrogate (which
 * `encodeURIComponent` refuses) U+FFFD; nothing can end a parameter or inject
 * a header.
 */
export function contentDispositionFor(basename: string, attachment: boolean): string {
  return remembered(dispositions, (attachment ? 'a:' : 'i:') + basename, () => computeDisposition(basename, attachment));
}

/** A UTF-16 surrogate without its pair: no UTF-8 spelling, so `filename*` cannot carry it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function computeDisposition(basename: string, attachment: boolean): string {
  const safe =
    basename.replace(/[\u0000-\u001f\u007f-\u009f\\/]/g, '_').replace(LONE_SURROGATE, '\ufffd') || 'download';
  return contentDisposition(safe, {
    type: attachment ? 'attachment' : 'inline',
    // A printable ASCII name only loses its quotes (and skips Unicode normalisation).
    fallback: PRINTABLE_ASCII.test(safe) ? safe.replace(NOT_IN_FALLBACK, '_') : asciiFilename(safe),
  });
}
