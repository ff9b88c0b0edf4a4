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

/** range-parser's answer (ranges combined) for a Range header, suffix ranges clamped first. */
export function parseRangeHeader(size: number, header: string): ReturnType<typeof rangeParser> {
  return rangeParser(size, clampSuffixRanges(size, header), { combine: true });
}
