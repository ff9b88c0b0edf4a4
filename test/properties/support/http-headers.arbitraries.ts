import fc from 'fast-check';

/** Decimal digits, from 0 to far beyond Number.MAX_SAFE_INTEGER, sometimes with leading zeros. */
export function position(size: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: size + 3 }).map(String) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0', '00', '000000'), fc.nat({ max: size + 3 })).map(([z, n]) => z + n) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('9007199254740993', '18446744073709551616', '1'.repeat(40), '9'.repeat(400), '1e3', '0x10', '+1', '-0', ''),
    },
  );
}

/** One element of a range-set: valid int and suffix ranges, and malformed ones. */
export function rangeSpec(size: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(position(size), position(size)).map(([a, b]) => `${a}-${b}`) },
    { weight: 2, arbitrary: position(size).map((a) => `${a}-`) },
    { weight: 2, arbitrary: position(size).map((b) => `-${b}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(' ', '\t', '', '  '), fc.nat({ max: size }), fc.constantFrom(' ', '\t', '')).map(([a, n, b]) => `${a}${n}-${b}`) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a-b', '1-2-3', '--1', '-', '1 - 2', '5--', 'x', '0-0x1', '1-1e2', '١-٢') },
    { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: fc.constantFrom('0', '1', '9', '-', ' ', ',', '=', 'b') }) },
  );
}

const SEPARATORS = fc.constantFrom(',', ',', ',', ', ', ' , ', ',,', ',\t', ', ,');
const UNITS = fc.constantFrom('bytes', 'bytes', 'bytes', 'bytes', 'BYTES', 'Bytes', 'items', 'none', 'bytes ', ' bytes', 'byte', '');

/** A list of specs joined by commas with optional whitespace and empty elements. */
function specList(size: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(rangeSpec(size), SEPARATORS), { minLength: 1, maxLength })
    .map((items) => items.map(([spec, sep], index) => (index === 0 ? spec : sep + spec)).join(''));
}

/**
 * Any Range header: structured (unit, `=`, a list of specs: mostly few,
 * sometimes thousands), or any string. `maxParts` bounds the long lists (HTTP
 * servers refuse headers over 16 KiB).
 */
export function rangeHeader(size: number, maxParts = 3000): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(UNITS, specList(size, 6)).map(([unit, list]) => `${unit}=${list}`) },
    { weight: 1, arbitrary: fc.tuple(UNITS, specList(size, maxParts)).map(([unit, list]) => `${unit}=${list}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary-ascii' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: fc.constantFrom('b', 'y', 't', 'e', 's', '=', '-', ',', '0', '1', '5', ' ') }) },
  );
}

/** An entity-tag's opaque part: etagc characters, commas included (`"a,b"` is one tag). */
export const opaqueTag = fc
  .string({ maxLength: 6, unit: fc.constantFrom('a', 'b', '0', ',', '/', 'W', '-', '!', '#', '~') })
  .map((s) => `"${s}"`);

/** An ETag as a representation may carry it: strong or weak. */
export const entityTag = fc.tuple(fc.boolean(), opaqueTag).map(([isWeak, tag]) => (isWeak ? `W/${tag}` : tag));

/** A value for If-Match / If-None-Match / If-Range built around the representation's ETag. */
export function entityTagField(etag: string | undefined): fc.Arbitrary<string> {
  const strong = etag?.replace(/^W\//, '');
  const related = [etag, strong, strong && `W/${strong}`].filter((tag): tag is string => !!tag);
  const tag = related.length ? fc.oneof(fc.constantFrom(...related), entityTag) : entityTag;
  return fc.oneof(
    { weight: 4, arbitrary: tag },
    { weight: 3, arbitrary: fc.array(tag, { minLength: 1, maxLength: 4 }).chain((tags) => fc.constantFrom(', ', ',', ' ,  ').map((sep) => tags.join(sep))) },
    { weight: 1, arbitrary: fc.constantFrom('*', ' * ', '', 'W/', '"unterminated', 'abc', '*, "x"') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary-ascii' }) },
  );
}

const RFC850_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** An HTTP-date near `time` in one of its three forms, or something that is not a date. */
export function httpDateField(time: number | undefined): fc.Arbitrary<string> {
  const base = time ?? Date.UTC(2024, 0, 1);
  const near = fc.integer({ min: -3, max: 3 }).map((seconds) => new Date(base + seconds * 1000));
  return fc.oneof(
    { weight: 5, arbitrary: near.map((d) => d.toUTCString()) },
    {
      weight: 1,
      arbitrary: near.map((d) => {
        const [, day, month, year, clock] = /^\w+, (\d\d) (\w+) \d\d(\d\d) (\S+) GMT$/.exec(d.toUTCString())!;
        return `${RFC850_DAYS[d.getUTCDay()]}, ${day}-${month}-${year} ${clock} GMT`;
      }),
    },
    {
      weight: 1,
      arbitrary: near.map((d) => {
        // asctime-date: `Sun Nov  6 08:49:37 1994`
        const [weekday, day, month, year, clock] = d.toUTCString().replace(',', '').split(' ');
        return `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${clock} ${year}`;
      }),
    },
    { weight: 1, arbitrary: near.map((d) => d.toISOString()) },
    { weight: 1, arbitrary: fc.constantFrom('1', '2020', 'yesterday', '', 'Thu, 01 Jan 1970 00:00:00 GMT, Fri, 02 Jan 1970 00:00:00 GMT', '0') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary-ascii' }) },
  );
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** Request headers: any subset of Range, If-Range, If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since. */
export function downloadRequestHeaders(size: number, validators: Validators, maxParts?: number): fc.Arbitrary<Record<string, string>> {
  const time = validators.lastModified ? Date.parse(validators.lastModified) : undefined;
  const tagOrDate = fc.oneof(entityTagField(validators.etag), httpDateField(time));
  // Present with probability `percent` / 100.
  const sometimes = (arbitrary: fc.Arbitrary<string>, percent: number) =>
    fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary });
  return fc
    .record({
      range: sometimes(rangeHeader(size, maxParts), 85),
      'if-range': sometimes(tagOrDate, 25),
      'if-match': sometimes(entityTagField(validators.etag), 15),
      'if-none-match': sometimes(entityTagField(validators.etag), 15),
      'if-modified-since': sometimes(httpDateField(time), 15),
      'if-unmodified-since': sometimes(httpDateField(time), 15),
    })
    .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>);
}
