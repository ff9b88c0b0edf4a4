import { parse } from 'content-disposition';
import { validateHeaderValue } from 'node:http';
import { asciiFilename, contentDispositionFor, contentTypeFor, isTextType } from './content-headers';

/** What a client gets back: parse() prefers `filename*` over `filename`. */
function roundTrip(name: string, attachment = true) {
  const header = contentDispositionFor(name, attachment);
  expect(() => validateHeaderValue('content-disposition', header)).not.toThrow();
  return { header, parsed: parse(header) };
}

describe('contentDispositionFor', () => {
  it.each([
    ['plain.txt'],
    ['with space.txt'],
    ["it's.txt"],
    ['résumé.pdf'],
    ['日本語のファイル.txt'],
    ['🎉 party 🎂.zip'],
    ['%41.txt'],
    ['semi;colon,comma=equals.txt'],
    ['(paren) [bracket] {brace}.txt'],
  ])('round-trips %j through content-disposition parse()', (name) => {
    const { parsed } = roundTrip(name);
    expect(parsed.type).toBe('attachment');
    expect(parsed.parameters.filename).toBe(name);
  });

  it('writes an ASCII-only header for any name', () => {
    for (const name of ['résumé.pdf', '日本語.txt', '🎉.zip', 'naïve café.txt', 'x\u0085y.txt']) {
      expect(contentDispositionFor(name, true)).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('gives an ASCII filename fallback plus filename* for non-ASCII names (RFC 6266)', () => {
    const { header } = roundTrip('résumé 日本.pdf');
    expect(header).toBe(
      `attachment; filename="resume __.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.pdf`,
    );
  });

  it('sends only filename for a plain ASCII name', () => {
    expect(contentDispositionFor('report 2024.csv', true)).toBe('attachment; filename="report 2024.csv"');
  });

  it('answers inline when attachment is false', () => {
    expect(roundTrip('photo.png', false).parsed.type).toBe('inline');
  });

  it('replaces quotes by "_" in filename, where they cannot end the parameter, and keeps them in filename*', () => {
    const name = 'x"; filename="evil.exe';
    const { header, parsed } = roundTrip(name);
    expect(header).toBe(`attachment; filename="x_; filename=_evil.exe"; filename*=UTF-8''x%22%3B%20filename%3D%22evil.exe`);
    expect(parsed.parameters).toEqual({ filename: name });
  });

  it.each([
    ['Grüße.txt', `attachment; filename="Grusse.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`],
    ['café.txt', `attachment; filename="cafe.txt"; filename*=UTF-8''caf%C3%A9.txt`],
    ['Øl og smørrebrød.txt', `attachment; filename="Ol og smorrebrod.txt"; filename*=UTF-8''%C3%98l%20og%20sm%C3%B8rrebr%C3%B8d.txt`],
    ['Łódź.txt', `attachment; filename="Lodz.txt"; filename*=UTF-8''%C5%81%C3%B3d%C5%BA.txt`],
  ])('falls back from %j to the ASCII name a person would pick, the exact name in filename*', (name, expected) => {
    const { header, parsed } = roundTrip(name);
    expect(header).toBe(expected);
    expect(parsed.parameters.filename).toBe(name);
  });

  it('keeps the whole name when it holds a backslash (never read as a folder)', () => {
    const { parsed } = roundTrip('report\\2024.csv');
    expect(parsed.parameters.filename).toBe('report_2024.csv');
  });

  // Found by test/properties/content-disposition-names.property.spec.ts.
  it('keeps the whole name when it holds a slash: `report 1/2.pdf` was sent as `2.pdf`, `/` as an empty name', () => {
    expect(roundTrip('report 1/2.pdf').parsed.parameters.filename).toBe('report 1_2.pdf');
    expect(roundTrip('/').parsed.parameters.filename).toBe('_');
  });

  it('writes a lone surrogate U+FFFD instead of throwing URIError (a 500)', () => {
    const { header, parsed } = roundTrip('a\ud800b.txt');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(parsed.parameters.filename).toBe('a\ufffdb.txt');
  });

  it.each([
    ['CR LF', 'a\r\nSet-Cookie: evil=1.txt'],
    ['LF', 'a\nX-Evil: 1.txt'],
    ['CR', 'a\rb.txt'],
    ['NUL', 'a\0b.txt'],
    ['TAB', 'a\tb.txt'],
    ['DEL', 'a\x7fb.txt'],
    ['C1 NEL', 'a\u0085b.txt'],
  ])('replaces %s by "_" so that no header can be injected', (_label, name) => {
    const { header, parsed } = roundTrip(name);
    expect(header).not.toMatch(/[\r\n\0]/);
    expect(parsed.parameters.filename).toBe(name.replace(/[\x00-\x1f\x7f\u0085]/g, '_'));
  });

  it('names an empty basename "download"', () => {
    expect(roundTrip('').parsed.parameters.filename).toBe('download');
  });
});

describe('asciiFilename', () => {
  it('drops accents and replaces other non-ASCII characters, one "_" per character', () => {
    expect(asciiFilename('Crème brûlée.txt')).toBe('Creme brulee.txt');
    expect(asciiFilename('🎉x.txt')).toBe('_x.txt');
    expect(asciiFilename('日本.txt')).toBe('__.txt');
  });

  it('drops every combining mark that NFKD splits off, and folds compatibility forms', () => {
    expect(asciiFilename('Ǿ ñ ǅ ﬁle.txt')).toBe('O n Dz file.txt');
    expect(asciiFilename('e\u0301\u0327.txt')).toBe('e.txt');
  });

  it('spells the letters NFKD keeps whole as a person would in ASCII', () => {
    expect(asciiFilename('ß ẞ æ Æ ø Ø œ Œ ł Ł đ Đ')).toBe('ss SS ae AE o O oe OE l L d D');
    expect(asciiFilename('Grüße.txt')).toBe('Grusse.txt');
  });

  it('replaces " and \\ by "_" rather than escaping them', () => {
    expect(asciiFilename('say "hi"\\bye.txt')).toBe('say _hi__bye.txt');
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['table.csv', 'text/csv; charset=utf-8'],
    ['page.html', 'text/html; charset=utf-8'],
    ['photo.png', 'image/png'],
    ['movie.mp4', 'video/mp4'],
    ['archive.zip', 'application/zip'],
    ['archive.tar.gz', 'application/gzip'],
    ['document.pdf', 'application/pdf'],
    ['no-extension', 'application/octet-stream'],
    ['.bashrc', 'application/octet-stream'],
  ])('looks %s up as %s', (basename, expected) => {
    expect(contentTypeFor(basename, undefined, undefined)).toBe(expected);
  });

  it('adds the given charset to text types only', () => {
    expect(contentTypeFor('a.txt', undefined, 'iso-8859-1')).toBe('text/plain; charset=iso-8859-1');
    expect(contentTypeFor('a.png', undefined, 'iso-8859-1')).toBe('image/png');
    expect(contentTypeFor('a.bin', 'application/octet-stream', 'utf-8')).toBe('application/octet-stream');
  });

  it('prefers an explicit type over the basename', () => {
    expect(contentTypeFor('a.txt', 'application/x-custom', undefined)).toBe('application/x-custom');
    expect(contentTypeFor('data.bin', 'text/csv', undefined)).toBe('text/csv; charset=utf-8');
  });

  it('keeps a charset the type already carries', () => {
    expect(contentTypeFor('a.txt', 'text/plain; charset=latin1', 'utf-8')).toBe('text/plain; charset=latin1');
  });
});

describe('isTextType', () => {
  it('tells text from binary types, ignoring parameters and case', () => {
    expect(isTextType('text/plain')).toBe(true);
    expect(isTextType('TEXT/CSV; header=present')).toBe(true);
    expect(isTextType('image/jpeg')).toBe(false);
    expect(isTextType('application/gzip')).toBe(false);
  });
});
