import { parse } from 'content-disposition';
import fc from 'fast-check';
import { DownloadResponse, VirtualFile } from 'nestjs-downloadview';
import { validateHeaderValue } from 'node:http';
import { runs } from './support/fast-check.settings';

/**
 * Names, generated: any Unicode basename gives a Content-Disposition that
 * Node accepts, that cannot break the header block, and that an RFC 6266 /
 * RFC 8187 parser (the `content-disposition` package's parse()) reads back as
 * the same name.
 */

/** The name the library promises to keep: control characters, `\\` and `/` written `_`, an empty name `download`. */
const promisedName = (name: string) => name.replace(/[\u0000-\u001f\u007f-\u009f\\/]/g, '_') || 'download';

const basename = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.string({
      maxLength: 24,
      unit: fc.constantFrom(
        'a', '.', ' ', '"', "'", '\\', '/', ';', ',', '=', '%', '*', '%2F', '%00', '\r', '\n', '\0', '\t', '\x7f', '\u0085',
        'é', 'e\u0301', 'ß', 'Æ', 'ﬁ', '\u2024', '\uff0e', '\u2215', '\uff0f', '\u202e', '\u200b', '\ufeff', '😀', '中', 'ǅ', 'İ',
      ),
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 200, maxLength: 400 }) },
);

function dispositionOf(name: string, attachment: boolean): string {
  const response = new DownloadResponse(new VirtualFile('x', { name: 'x.bin' }), { basename: name, attachment });
  return String(response.defaultHeaders()['content-disposition']);
}

describe('Names in Content-Disposition (property)', () => {
  it('any Unicode basename round-trips: parse(header).parameters.filename is the name (control characters and \\ as _), the type is kept', () => {
    fc.assert(
      fc.property(basename, fc.boolean(), (name, attachment) => {
        const header = dispositionOf(name, attachment);
        const parsed = parse(header);
        expect(parsed.type).toBe(attachment ? 'attachment' : 'inline');
        expect(parsed.parameters.filename).toBe(promisedName(name));
      }),
      runs(1500),
    );
  });

  it('never breaks a header: printable ASCII only (no CR, LF, NUL), accepted by Node, with an ASCII filename= fallback', () => {
    fc.assert(
      fc.property(basename, fc.boolean(), (name, attachment) => {
        const header = dispositionOf(name, attachment);
        expect(header).toMatch(/^[\x20-\x7e]+$/);
        expect(() => validateHeaderValue('content-disposition', header)).not.toThrow();
        // curl -OJ and wget read only filename=: it is always there, without escapes.
        expect(header).toMatch(/; filename="[^"\\]*"(?:;|$)/);
      }),
      runs(1500),
    );
  });

  it('a name that is not well-formed UTF-16 (a lone surrogate) still gives a valid header', () => {
    const loneSurrogate = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b');
    fc.assert(
      fc.property(fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate, fc.string({ maxLength: 8 })), ([before, lone, after]) => {
        const header = dispositionOf(before + lone + after, true);
        expect(header).toMatch(/^[\x20-\x7e]+$/);
        expect(parse(header).type).toBe('attachment');
      }),
      runs(200),
    );
  });
});
