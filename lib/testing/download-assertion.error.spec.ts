import { describeByteDifference, DownloadAssertionError, firstDifference, previewBytes } from './download-assertion.error';

const bytes = (...values: number[]) => Buffer.from(values);

describe('firstDifference', () => {
  it('answers the offset of the first differing byte, -1 for equal bodies', () => {
    expect(firstDifference(bytes(1, 2, 3), bytes(1, 2, 3))).toBe(-1);
    expect(firstDifference(bytes(1, 2, 3), bytes(1, 9, 3))).toBe(1);
    expect(firstDifference(Buffer.alloc(0), Buffer.alloc(0))).toBe(-1);
  });

  it('answers the shorter length when one body starts the other', () => {
    expect(firstDifference(bytes(1, 2, 3), bytes(1, 2))).toBe(2);
    expect(firstDifference(Buffer.alloc(0), bytes(7))).toBe(0);
  });

  it('finds a difference deep in a large body, past its first chunks', () => {
    const a = Buffer.alloc(3 * 1024 * 1024, 0x5a);
    const b = Buffer.from(a);
    b[2_500_001] = 0;
    expect(firstDifference(a, b)).toBe(2_500_001);
  });
});

describe('describeByteDifference', () => {
  it('is empty for equal bodies', () => {
    expect(describeByteDifference(bytes(1, 2), bytes(1, 2))).toEqual([]);
  });

  it('shows up to 16 bytes either side, the differing byte in brackets, … where the bodies go on', () => {
    const expected = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const actual = Buffer.from(expected);
    actual[40] = 0xff;
    expect(describeByteDifference(expected, actual)).toEqual([
      'first difference at byte 40 (0x28); lengths: expected 100, actual 100',
      'bytes 24..56 in hex, the first difference in [ ]:',
      '  expected: … 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 [28] 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 …',
      '  actual:   … 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 [ff] 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 …',
    ]);
  });

  it('marks where a body ends, and takes fewer bytes at the start', () => {
    expect(describeByteDifference(bytes(0xca, 0xfe, 0xba, 0xbe), bytes(0xca, 0xfe))).toEqual([
      'first difference at byte 2 (0x2); lengths: expected 4, actual 2',
      'bytes 0..3 in hex, the first difference in [ ]:',
      '  expected: ca fe [ba] be (end)',
      '  actual:   ca fe [end]',
    ]);
    expect(describeByteDifference(Buffer.alloc(0), bytes(1))[3]).toBe('  actual:   [01] (end)');
  });

  it('takes another width', () => {
    expect(describeByteDifference(bytes(1, 2, 3, 4, 5), bytes(1, 2, 0, 4, 5), 1).slice(2)).toEqual([
      '  expected: … 02 [03] 04 …',
      '  actual:   … 02 [00] 04 …',
    ]);
  });
});

describe('DownloadAssertionError', () => {
  const error = (expected: unknown, actual: unknown) =>
    new DownloadAssertionError('Download response does not match', [{ what: 'content', expected, actual }], 'Response: status 200');

  it('adds the first difference of binary bodies below their previews', () => {
    expect(error(bytes(0, 1, 2), bytes(0, 1, 3)).message).toBe(
      [
        'Download response does not match (1 difference):',
        '  content',
        '    expected: 3 bytes <00 01 02>',
        '    actual:   3 bytes <00 01 03>',
        '    first difference at byte 2 (0x2); lengths: expected 3, actual 3',
        '    bytes 0..2 in hex, the first difference in [ ]:',
        '      expected: 00 01 [02] (end)',
        '      actual:   00 01 [03] (end)',
        '',
        'Response: status 200',
      ].join('\n'),
    );
  });

  it('adds it when only one side is binary, and not for two texts or a body that is not bytes', () => {
    expect(error(Buffer.from('abc'), bytes(0x61, 0x00)).message).toContain('first difference at byte 1 (0x1)');
    expect(error(Buffer.from('Bye\n'), Buffer.from('Hello\n')).message).not.toContain('first difference');
    expect(error(bytes(0, 1), '(no body bytes)').message).not.toContain('first difference');
  });
});

describe('previewBytes', () => {
  it('shows text as text and binary content as hex', () => {
    expect(previewBytes(Buffer.from('Hello\n'))).toBe('6 bytes "Hello\\n"');
    expect(previewBytes(bytes(0xff, 0x00, 0x41))).toBe('3 bytes <ff 00 41>');
    expect(previewBytes(Buffer.alloc(200, 0))).toMatch(/^200 bytes <00( 00){119}>…$/);
  });
});
