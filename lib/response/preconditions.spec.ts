import { isPreconditionFailure, isRangeFresh, type Validators } from './preconditions';

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
