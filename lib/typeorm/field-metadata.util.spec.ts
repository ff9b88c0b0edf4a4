import { readFieldMetadata } from './field-metadata.util';

const FIELDS = {
  basenameField: 'basename',
  mimeTypeField: 'mime',
  charsetField: 'charset',
  encodingField: 'encoding',
  modificationTimeField: 'modified',
  sizeField: 'size',
};

describe('readFieldMetadata', () => {
  it('reads every metadata field named by the options', () => {
    const modified = new Date('2020-01-02T03:04:05Z');
    expect(
      readFieldMetadata(
        { basename: 'a.csv', mime: 'text/csv', charset: 'iso-8859-1', encoding: 'gzip', modified, size: 12 },
        FIELDS,
      ),
    ).toEqual({ basename: 'a.csv', mimetype: 'text/csv', charset: 'iso-8859-1', encoding: 'gzip', modifiedTime: modified, size: 12 });
  });

  it('reads nothing for fields the options do not name', () => {
    expect(readFieldMetadata({ basename: 'a.csv', size: 3 }, {})).toEqual({});
  });

  it('leaves out null and empty values without complaint', () => {
    const problems: string[] = [];
    expect(readFieldMetadata({ basename: '', mime: null, size: null, modified: undefined }, FIELDS, problems)).toEqual({});
    expect(problems).toEqual([]);
  });

  it('accepts a bigint size given as a string (PostgreSQL) and a date given as a string or a number', () => {
    expect(readFieldMetadata({ size: '1024', modified: '2020-01-02T03:04:05Z' }, FIELDS)).toEqual({
      size: 1024,
      modifiedTime: new Date('2020-01-02T03:04:05Z'),
    });
    expect(readFieldMetadata({ modified: 0 }, FIELDS)).toEqual({ modifiedTime: new Date(0) });
  });

  it('accepts MIME types with parameters', () => {
    expect(readFieldMetadata({ mime: 'text/plain; format=flowed' }, FIELDS).mimetype).toBe('text/plain; format=flowed');
  });

  it('leaves out, and reports, values that could not go in a header', () => {
    const problems: string[] = [];
    const metadata = readFieldMetadata(
      { mime: 'text/html\r\nX-Injected: 1', charset: 'utf-8"; x', encoding: 'gzip\n', size: -1, modified: 'yesterday' },
      FIELDS,
      problems,
    );
    expect(metadata).toEqual({ encoding: 'gzip' });
    expect(problems).toEqual([
      'mime: unusable value "text/html\\r\\nX-Injected: 1"',
      'charset: unusable value "utf-8\\"; x"',
      'size: unusable size -1',
      'modified: unusable date "yesterday"',
    ]);
  });

  it('refuses sizes that are not whole, safe numbers', () => {
    const problems: string[] = [];
    expect(readFieldMetadata({ size: 1.5 }, FIELDS, problems)).toEqual({});
    expect(readFieldMetadata({ size: '99999999999999999999' }, FIELDS, problems)).toEqual({});
    expect(problems).toHaveLength(2);
  });
});
