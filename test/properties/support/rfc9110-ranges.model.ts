/**
 * A small reference model of RFC 9110 §13 (conditional requests) and §14
 * (range requests) for a GET or HEAD of a representation that exists, written
 * from the RFC and independent of range-parser, fresh and the library.
 */

/** An inclusive byte range. */
export interface Span {
  start: number;
  end: number;
}

/** What §14 makes of a Range header for a representation of `size` bytes. */
export type RangeVerdict =
  /** Not a valid ranges-specifier: the server MAY ignore or reject it (§14.2). */
  | { kind: 'invalid' }
  /** A range unit other than bytes: the server MUST ignore the header (§14.2). */
  | { kind: 'unknown-unit' }
  /** Valid, nothing satisfiable: 416 (§15.5.17). */
  | { kind: 'unsatisfiable' }
  /** Valid: the satisfiable ranges, coalesced (overlapping or adjacent merged), ascending. */
  | { kind: 'ranges'; spans: Span[] };

// tchar (§5.6.2)
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const OWS = /^[ \t]+|[ \t]+$/g;

/** §14.1.1-14.1.2: ranges-specifier = range-unit "=" range-set; range-set = 1#range-spec. */
export function modelRange(header: string, size: number): RangeVerdict {
  const equals = header.indexOf('=');
  if (equals < 1) return { kind: 'invalid' };
  const unit = header.slice(0, equals);
  if (!TOKEN.test(unit)) return { kind: 'invalid' };
  // §14.1: range unit names are case-insensitive.
  if (unit.toLowerCase() !== 'bytes') return { kind: 'unknown-unit' };
  // §5.6.1: list elements separated by OWS "," OWS; empty elements are ignored, one is required.
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.replace(OWS, ''))
    .filter((spec) => spec !== '');
  if (specs.length === 0) return { kind: 'invalid' };
  const len = BigInt(size);
  const satisfiable: Span[] = [];
  for (const spec of specs) {
    const int = /^(\d+)-(\d*)$/.exec(spec);
    const suffix = /^-(\d+)$/.exec(spec);
    if (int) {
      const first = BigInt(int[1]);
      const last = int[2] === '' ? undefined : BigInt(int[2]);
      if (last !== undefined && last < first) return { kind: 'invalid' }; // §14.1.1: invalid if last-pos < first-pos
      if (first < len) {
        const end = last === undefined || last >= len ? len - 1n : last;
        satisfiable.push({ start: Number(first), end: Number(end) });
      }
    } else if (suffix) {
      const length = BigInt(suffix[1]);
      // A zero-length representation has no byte to send: treated as unsatisfiable here.
      if (length > 0n && len > 0n) {
        satisfiable.push({ start: Number(length >= len ? 0n : len - length), end: size - 1 });
      }
    } else {
      return { kind: 'invalid' };
    }
  }
  if (satisfiable.length === 0) return { kind: 'unsatisfiable' };
  return { kind: 'ranges', spans: coalesce(satisfiable) };
}

/** Overlapping or adjacent spans merged, ascending. */
export function coalesce(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end + 1) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The validators a representation carries. */
export interface ModelValidators {
  /** As sent in ETag, e.g. `"abc"` or `W/"abc"`. */
  etag?: string;
  /** As sent in Last-Modified (an IMF-fixdate). */
  lastModified?: string;
}

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** §5.6.7: the time of an HTTP-date (any of its three forms), or undefined when the value is not one. */
export function httpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.replace(OWS, '');
  if (!IMF_FIXDATE.test(trimmed) && !RFC850_DATE.test(trimmed) && !ASCTIME_DATE.test(trimmed)) return undefined;
  const time = Date.parse(ASCTIME_DATE.test(trimmed) ? `${trimmed} GMT` : trimmed);
  return Number.isNaN(time) ? undefined : time;
}

/** §8.8.3: entity-tag = [ weak ] opaque-tag; opaque-tag = DQUOTE *etagc DQUOTE. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * `*`, or the entity-tags of an If-Match / If-None-Match list (§5.6.1, §13.1.1),
 * or undefined when the value is not a valid list. Commas inside a quoted tag
 * do not split it.
 */
export function entityTagList(value: string): '*' | string[] | undefined {
  if (value.replace(OWS, '') === '*') return '*';
  const tags: string[] = [];
  let rest = value;
  for (;;) {
    rest = rest.replace(/^[ \t,]+/, '');
    if (rest === '') break;
    const match = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"/.exec(rest);
    if (!match) return undefined;
    tags.push(match[0]);
    rest = rest.slice(match[0].length).replace(/^[ \t]+/, '');
    if (rest !== '' && !rest.startsWith(',')) return undefined;
  }
  return tags.length ? tags : undefined;
}

const opaque = (tag: string) => tag.replace(/^W\//, '');
const weak = (tag: string) => tag.startsWith('W/');

/** §8.8.3.2 strong comparison: both strong and identical. */
export const strongMatch = (a: string, b: string) => !weak(a) && !weak(b) && a === b;
/** §8.8.3.2 weak comparison: opaque-tags identical. */
export const weakMatch = (a: string, b: string) => opaque(a) === opaque(b);

/** The status §13.2.2 (precedence) and §13.1.5 (If-Range) give a GET of an existing representation. */
export type ConditionalVerdict = 412 | 304 | 'range' | 'ignore-range';

export function modelConditions(headers: Record<string, string>, validators: ModelValidators): ConditionalVerdict {
  const { etag } = validators;
  const modified = httpDate(validators.lastModified);
  // Step 1: If-Match.
  if (headers['if-match'] !== undefined) {
    const list = entityTagList(headers['if-match']);
    const pass = list === '*' || (!!list && !!etag && list.some((tag) => strongMatch(tag, etag)));
    if (!pass) return 412;
  } else if (headers['if-unmodified-since'] !== undefined) {
    // Step 2: If-Unmodified-Since, ignored when not a valid HTTP-date or no Last-Modified.
    const since = httpDate(headers['if-unmodified-since']);
    if (since !== undefined && modified !== undefined && modified > since) return 412;
  }
  // Step 3: If-None-Match (weak comparison).
  if (headers['if-none-match'] !== undefined) {
    const list = entityTagList(headers['if-none-match']);
    if (list === '*' || (!!list && !!etag && list.some((tag) => weakMatch(tag, etag)))) return 304;
  } else if (headers['if-modified-since'] !== undefined) {
    // Step 4: If-Modified-Since, only without If-None-Match.
    const since = httpDate(headers['if-modified-since']);
    if (since !== undefined && modified !== undefined && modified <= since) return 304;
  }
  // Step 5: If-Range (only meaningful with a Range).
  const ifRange = headers['if-range'];
  if (ifRange === undefined) return 'range';
  const value = ifRange.replace(OWS, '');
  if (ENTITY_TAG.test(value)) return etag && strongMatch(value, etag) ? 'range' : 'ignore-range';
  const date = httpDate(value);
  return date !== undefined && modified !== undefined && date === modified ? 'range' : 'ignore-range';
}
