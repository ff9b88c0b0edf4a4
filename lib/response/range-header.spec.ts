import { clampSuffixRanges, parseRangeHeader } from './range-header';

describe('clampSuffixRanges', () => {
  it.each([
    ['bytes=-100000', 'bytes=-13'],
    ['bytes=-14', 'bytes=-13'],
    ['bytes=0-1,-100000', 'bytes=0-1,-13'],
    ['bytes=-100000, 2-3', 'bytes=-13, 2-3'],
    ['bytes= - 99 ', 'bytes=-13'],
    ['bytes=-99999999999999999999999', 'bytes=-13'],
  ])('writes a suffix longer than 13 bytes as the whole file: %j → %j', (header, clamped) => {
    expect(clampSuffixRanges(13, header)).toBe(clamped);
  });

  it.each(['bytes=-13', 'bytes=-5', 'bytes=-0', 'bytes=0-100000', 'bytes=5-', 'bytes=--100', 'bytes=-1x', 'bytes', 'bytes=1-2-3'])(
    'leaves %j alone',
    (header) => {
      expect(clampSuffixRanges(13, header)).toBe(header);
    },
  );
});

describe('parseRangeHeader', () => {
  /** The ranges as a plain array (range-parser adds `type`), or the error number. */
  const parse = (size: number, header: string) => {
    const ranges = parseRangeHeader(size, header);
    return typeof ranges === 'number' ? ranges : [...ranges];
  };

  it('answers a suffix range longer than the content with the whole content (RFC 9110 §14.1.2)', () => {
    expect(parse(13, 'bytes=-100000')).toEqual([{ start: 0, end: 12 }]);
  });

  it('merges a clamped suffix with the other ranges of the header', () => {
    expect(parse(13, 'bytes=0-1,-100000,5-6')).toEqual([{ start: 0, end: 12 }]);
  });

  it('keeps -0 unsatisfiable, alone or beside another unsatisfiable range', () => {
    expect(parse(13, 'bytes=-0')).toBe(-1);
    expect(parse(13, 'bytes=-0,20-30')).toBe(-1);
  });

  it('keeps any suffix of empty content unsatisfiable, as before', () => {
    expect(parse(0, 'bytes=-100000')).toBe(-1);
  });

  it('still answers -2 to a malformed header', () => {
    expect(parse(13, 'bytes=-abc')).toBe(-2);
  });

  // Found by test/properties/range-and-conditional-headers.property.spec.ts.
  it('reads the unit case-insensitively (RFC 9110 §14.1)', () => {
    expect(parse(13, 'Bytes=0-1')).toEqual([{ start: 0, end: 1 }]);
    expect(parse(13, 'BYTES=-3')).toEqual([{ start: 10, end: 12 }]);
  });

  it('ignores (-2) a unit other than bytes, even when its numbers do not fit the content (§14.2: never a 416)', () => {
    expect(parse(3, 'items=5-10')).toBe(-2);
    expect(parse(13, 'items=0-1')).toBe(-2);
  });

  it('skips empty list elements (§5.6.1) instead of ignoring the whole header', () => {
    expect(parse(13, 'bytes=0-1,,5-6')).toEqual([{ start: 0, end: 1 }, { start: 5, end: 6 }]);
    expect(parse(13, 'bytes=, 0-1 ,')).toEqual([{ start: 0, end: 1 }]);
    expect(parse(3, 'bytes=3-, ,5-')).toBe(-1);
    expect(parse(13, 'bytes=,')).toBe(-2);
  });
});
