import { isNotModified, isPreconditionFailure, isRangeFresh, type Validators } from './preconditions';

const MODIFIED = 'Wed, 01 Jan 2025 12:00:00 GMT';
const EARLIER = 'Tue, 31 Dec 2024 12:00:00 GMT';
const LATER = 'Thu, 02 Jan 2025 12:00:00 GMT';
const STRONG: Validators = { etag: '"abc"', lastModified: MODIFIED };
const WEAK: Validators = { etag: 'W/"abc"', lastModified: MODIFIED };

describe('isPreconditionFailure (If-Match, If-Unmodified-Since)', () => {
  it('passes a request without preconditions', () => {
    expect(isPreconditionFailure({}, STRONG)).toBe(false);
  });

  it('passes If-Match: * whatever the validator', () => {
    expect(isPreconditionFailure({ 'if-match': '*' }, STRONG)).toBe(false);
    expect(isPreconditionFailure({ 'if-match': ' * ' }, {})).toBe(false);
  });

  it('passes an If-Match list holding the strong ETag', () => {
    expect(isPreconditionFailure({ 'if-match': '"abc"' }, STRONG)).toBe(false);
    expect(isPreconditionFailure({ 'if-match': '"x", "abc" ,"y"' }, STRONG)).toBe(false);
  });

  it('fails an If-Match that does not hold the ETag', () => {
    expect(isPreconditionFailure({ 'if-match': '"other"' }, STRONG)).toBe(true);
  });

  it('fails If-Match against a weak ETag: the comparison is strong (RFC 9110 13.1.1)', () => {
    expect(isPreconditionFailure({ 'if-match': 'W/"abc"' }, WEAK)).toBe(true);
    expect(isPreconditionFailure({ 'if-match': '"abc"' }, WEAK)).toBe(true);
  });

  it('fails If-Match when the content has no ETag', () => {
    expect(isPreconditionFailure({ 'if-match': '"abc"' }, { lastModified: MODIFIED })).toBe(true);
  });

  it('fails If-Unmodified-Since earlier than the modification', () => {
    expect(isPreconditionFailure({ 'if-unmodified-since': EARLIER }, STRONG)).toBe(true);
  });

  it('passes If-Unmodified-Since at or after the modification', () => {
    expect(isPreconditionFailure({ 'if-unmodified-since': MODIFIED }, STRONG)).toBe(false);
    expect(isPreconditionFailure({ 'if-unmodified-since': LATER }, STRONG)).toBe(false);
  });

  it('ignores an unparsable If-Unmodified-Since date', () => {
    expect(isPreconditionFailure({ 'if-unmodified-since': 'yesterday' }, STRONG)).toBe(false);
  });

  it('ignores If-Unmodified-Since when If-Match is present (RFC 9110 13.2.2)', () => {
    expect(isPreconditionFailure({ 'if-match': '"abc"', 'if-unmodified-since': EARLIER }, STRONG)).toBe(false);
  });
});

describe('isRangeFresh (If-Range)', () => {
  it('applies the Range when there is no If-Range', () => {
    expect(isRangeFresh({}, STRONG)).toBe(true);
  });

  it('applies the Range when If-Range is the strong ETag', () => {
    expect(isRangeFresh({ 'if-range': '"abc"' }, STRONG)).toBe(true);
  });

  it('ignores the Range when If-Range is another ETag', () => {
    expect(isRangeFresh({ 'if-range': '"old"' }, STRONG)).toBe(false);
  });

  it('ignores the Range for weak ETags on either side', () => {
    expect(isRangeFresh({ 'if-range': 'W/"abc"' }, WEAK)).toBe(false);
    expect(isRangeFresh({ 'if-range': '"abc"' }, WEAK)).toBe(false);
    expect(isRangeFresh({ 'if-range': 'W/"abc"' }, STRONG)).toBe(false);
  });

  it('applies the Range when If-Range is exactly the Last-Modified date', () => {
    expect(isRangeFresh({ 'if-range': MODIFIED }, STRONG)).toBe(true);
  });

  it('ignores the Range when If-Range is any other date', () => {
    expect(isRangeFresh({ 'if-range': EARLIER }, STRONG)).toBe(false);
    expect(isRangeFresh({ 'if-range': LATER }, STRONG)).toBe(false);
  });

  it('ignores the Range when If-Range is a date but the content has none, or is garbage', () => {
    expect(isRangeFresh({ 'if-range': MODIFIED }, { etag: '"abc"' })).toBe(false);
    expect(isRangeFresh({ 'if-range': 'not a date' }, STRONG)).toBe(false);
  });
});

// Found by test/properties/range-and-conditional-headers.property.spec.ts: a comma is
// a valid character inside an entity-tag, and the lists were split on every comma.
describe('entity-tags holding a comma (RFC 9110 §8.8.3)', () => {
  const COMMA: Validators = { etag: '"a,b"', lastModified: MODIFIED };

  it('If-Match "a,b" matches the ETag "a,b" (no 412)', () => {
    expect(isPreconditionFailure({ 'if-match': '"a,b"' }, COMMA)).toBe(false);
    expect(isPreconditionFailure({ 'if-match': '"x", "a,b"' }, COMMA)).toBe(false);
    expect(isPreconditionFailure({ 'if-match': '"a"' }, COMMA)).toBe(true);
  });

  it('If-None-Match "a,b" or W/"a,b" matches the ETag "a,b" (304)', () => {
    expect(isNotModified({ 'if-none-match': '"a,b"' }, COMMA)).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"a,b", "c"' }, { etag: 'W/"a,b"' })).toBe(true);
    expect(isNotModified({ 'if-none-match': '"a", "b"' }, COMMA)).toBe(false);
  });
});

describe('isNotModified (If-None-Match, If-Modified-Since)', () => {
  it('answers 304 to If-None-Match: * and to a weakly matching tag', () => {
    expect(isNotModified({ 'if-none-match': '*' }, {})).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"abc"' }, STRONG)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"abc"' }, WEAK)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"other"' }, STRONG)).toBe(false);
  });

  it('ignores If-Modified-Since when If-None-Match is present (§13.1.3)', () => {
    expect(isNotModified({ 'if-none-match': '"other"', 'if-modified-since': LATER }, STRONG)).toBe(false);
    expect(isNotModified({ 'if-modified-since': LATER }, STRONG)).toBe(true);
    expect(isNotModified({ 'if-modified-since': MODIFIED }, STRONG)).toBe(true);
    expect(isNotModified({ 'if-modified-since': EARLIER }, STRONG)).toBe(false);
  });

  it('never answers 304 to Cache-Control: no-cache (an end-to-end reload)', () => {
    expect(isNotModified({ 'if-none-match': '"abc"', 'cache-control': 'no-cache' }, STRONG)).toBe(false);
  });
});

// Found by test/properties/range-and-conditional-headers.property.spec.ts.
describe('dates that are not HTTP-dates are ignored (RFC 9110 §13.1.3-13.1.5)', () => {
  it.each(['2025-01-02T12:00:00.000Z', '1', '2020', 'Thu, 02 Jan 2025 12:00:00 GMT, Fri, 03 Jan 2025 12:00:00 GMT'])(
    'If-Unmodified-Since / If-Modified-Since / If-Range %j',
    (value) => {
      const validators: Validators = { lastModified: 'Wed, 01 Jan 2025 12:00:00 GMT' };
      expect(isPreconditionFailure({ 'if-unmodified-since': value }, validators)).toBe(false);
      expect(isNotModified({ 'if-modified-since': value }, validators)).toBe(false);
      expect(isRangeFresh({ 'if-range': value }, validators)).toBe(false);
    },
  );

  it('reads the three forms of an HTTP-date', () => {
    const validators: Validators = { lastModified: 'Sun, 06 Nov 1994 08:49:37 GMT' };
    for (const form of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
      expect(isRangeFresh({ 'if-range': form }, validators)).toBe(true);
      expect(isNotModified({ 'if-modified-since': form }, validators)).toBe(true);
    }
  });
});
