import { confineKey, folderPrefix, normalizePrefix } from './s3-key.util';

describe('S3 key confinement', () => {
  it('normalises the prefix to a folder ending with one slash', () => {
    expect(normalizePrefix(undefined)).toBe('');
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('/media/2026/')).toBe('media/2026/');
    expect(normalizePrefix('media')).toBe('media/');
  });

  it.each(['../up', 'a//b', 'a/./b', 'a\\b', 'a\0b'])('refuses the prefix %j', (prefix) => {
    expect(() => normalizePrefix(prefix)).toThrow(/prefix/);
  });

  it('puts names under the prefix, spaces, unicode and emoji as they are', () => {
    expect(confineKey('media/', 'docs/a b.txt')).toBe('media/docs/a b.txt');
    expect(confineKey('media/', 'café/😀 ünï.txt')).toBe('media/café/😀 ünï.txt');
    expect(confineKey('', ['docs', 'x.txt'])).toBe('docs/x.txt');
  });

  it.each([
    '',
    '..',
    '../secret.txt',
    'docs/../../secret.txt',
    'docs/..',
    './x',
    '/etc/passwd',
    'a//b',
    'a/',
    '%2e%2e/secret.txt',
    '%252e%252e/secret.txt',
    'a%2fb',
    '..\\secret.txt',
    'a\\b',
    'a\0b',
    'C:x',
  ])('refuses the name %j (answered as not found)', (name) => {
    expect(confineKey('media/', name)).toBeNull();
  });

  it('refuses a key longer than the 1024 bytes S3 allows', () => {
    expect(confineKey('media/', 'é'.repeat(509))).toBe(`media/${'é'.repeat(509)}`);
    expect(confineKey('media/', 'é'.repeat(510))).toBeNull();
  });

  it('gives the listing prefix of a folder, or null for a refused one', () => {
    expect(folderPrefix('media/', '')).toBe('media/');
    expect(folderPrefix('media/', 'docs/')).toBe('media/docs/');
    expect(folderPrefix('', 'docs/deep')).toBe('docs/deep/');
    expect(folderPrefix('media/', '..')).toBeNull();
    expect(folderPrefix('media/', '/etc')).toBeNull();
  });
});
