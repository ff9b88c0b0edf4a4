import rangeParser from 'range-parser';

/** A `-N` suffix spec of a Range header (blanks around it allowed, as range-parser allows them). */
const SUFFIX_SPEC = /^\s*-\s*(\d+)\s*$/;

/**
 * The Range header with every suffix range longer than the content (`-N`,
 * N > size) written `-size`: RFC 9110 §14.1.2, "If the selected
 * representation is shorter than the specified suffix-length, the entire
 * representation is used". range-parser 1.3 drops such a spec, which turned
 * `bytes=-100000` on a small file into a 416. `-0` is left alone: it stays
 * unsatisfiable.
 */
export function clampSuffixRanges(size: number, header: string): string {
  const equals = header.indexOf('=');
  if (equals === -1 || !/[=,]\s*-/.test(header)) return header;
  let clamped = false;
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((spec) => {
      const suffix = SUFFIX_SPEC.exec(spec)?.[1];
      if (suffix === undefined || Number(suffix) <= size) return spec;
      clamped = true;
      return `-${size}`;
    });
  return clamped ? `${header.slice(0, equals + 1)}${specs.join(',')}` : header;
}

/**
 * range-parser's answer (ranges combined) for a Range header, suffix ranges
 * clamped first; -2 (ignore the header) for a unit other than bytes, which
 * RFC 9110 §14.2 says to ignore (range-parser answered -1, a 416, when the
 * numbers did not fit the content). The unit is case-insensitive (§14.1) and
 * empty list elements are skipped (§5.6.1): range-parser took `Bytes=0-1`
 * and `bytes=0-1,,5-9` for malformed headers and the whole file was sent.
 */
export function parseRangeHeader(size: number, header: string): ReturnType<typeof rangeParser> {
  const equals = header.indexOf('=');
  if (equals === -1 || header.slice(0, equals).toLowerCase() !== 'bytes') return -2;
  const specs = header.slice(equals + 1).split(',').filter((spec) => spec.trim() !== '');
  if (specs.length === 0) return -2;
  return rangeParser(size, clampSuffixRanges(size, `bytes=${specs.join(',')}`), { combine: true });
}
