import * as path from 'node:path';
import { confinePath, isInside, joinName, safeSegments } from './confine-path.util';

const ROOT = path.resolve('/srv/files');

/** Names that try to leave the root, or that no file could legitimately have. */
const REFUSED: Array<string | string[]> = [
  '',
  '.',
  '..',
  '../etc/passwd',
  'a/../../etc/passwd',
  'a/..',
  'a/./b.txt',
  '%2e%2e/etc/passwd',
  '%2E%2E/etc/passwd',
  '%2e%2e',
  '%2e',
  '%252e%252e/etc/passwd',
  '%25252e%25252e',
  '..%2fetc%2fpasswd',
  '..%2Fetc',
  'a%2f..%2f..%2fetc',
  '%2fetc%2fpasswd',
  '%5c..%5cwindows',
  'hello.txt\0.png',
  'hello.txt%00',
  '%2500',
  '..\\..\\windows\\win.ini',
  'a\\b.txt',
  '/etc/passwd',
  '//etc/passwd',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  'c:secret',
  'C%3a%5cWindows',
  'dir/',
  'dir//file.txt',
  ['..', 'etc', 'passwd'],
  ['', 'etc', 'passwd'],
  ['a/b.txt'],
  ['a', '..', '..', 'x'],
  [],
];

/** Names a real file may have: they must resolve inside the root. */
const ACCEPTED: Array<[string | string[], string]> = [
  ['hello.txt', 'hello.txt'],
  ['with space.txt', 'with space.txt'],
  ['sub/dir/file.txt', 'sub/dir/file.txt'],
  ['%41.txt', '%41.txt'],
  ['100%.txt', '100%.txt'],
  ['%ZZ.txt', '%ZZ.txt'],
  ['..hidden', '..hidden'],
  ['file..txt', 'file..txt'],
  ['.env', '.env'],
  ['résumé.pdf', 'résumé.pdf'],
  ['日本語.txt', '日本語.txt'],
  ['🎉 party.txt', '🎉 party.txt'],
  ["quote's \"name\".txt", "quote's \"name\".txt"],
  [['sub', 'dir', 'file.txt'], 'sub/dir/file.txt'],
];

describe('confinePath', () => {
  it.each(REFUSED.map((name) => [JSON.stringify(name), name]))('refuses %s', (_label, name) => {
    expect(confinePath(ROOT, name)).toBeNull();
    expect(safeSegments(name)).toBeNull();
  });

  it(`refuses at least 20 distinct traversal attempts (${REFUSED.length})`, () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ACCEPTED)('resolves %j inside the root', (name, relative) => {
    const resolved = confinePath(ROOT, name);
    expect(resolved).toBe(path.join(ROOT, relative));
    expect(isInside(ROOT, resolved!)).toBe(true);
  });

  it('keeps encoded names literal: %41.txt is the file "%41.txt", not "A.txt"', () => {
    expect(safeSegments('%41.txt')).toEqual(['%41.txt']);
  });

  it('refuses a missing name (an undefined route param) instead of throwing', () => {
    expect(confinePath(ROOT, undefined as never)).toBeNull();
    expect(confinePath(ROOT, null as never)).toBeNull();
    expect(confinePath(ROOT, 42 as never)).toBeNull();
    expect(joinName(undefined as never)).toBe('');
    expect(joinName(['a', 'b.txt'])).toBe('a/b.txt');
  });

  it('resolves relative roots from the working directory', () => {
    expect(confinePath('files', 'a.txt')).toBe(path.resolve('files', 'a.txt'));
  });
});

describe('isInside', () => {
  it('accepts the folder itself and what lies below it', () => {
    expect(isInside('/srv/files', '/srv/files')).toBe(true);
    expect(isInside('/srv/files', '/srv/files/a/b')).toBe(true);
  });

  it('compares whole segments, so a sibling with the same prefix is outside', () => {
    expect(isInside('/srv/files', '/srv/files-private/secret')).toBe(false);
    expect(isInside('/srv/files', '/srv')).toBe(false);
    expect(isInside('/srv/files', '/etc/passwd')).toBe(false);
  });

  it('accepts names inside that merely start with two dots', () => {
    expect(isInside('/srv/files', '/srv/files/..hidden')).toBe(true);
  });
});
