import { HttpFile } from '../files/http.file';
import { PathFile } from '../files/path.file';
import { StorageFile } from '../files/storage.file';
import { VirtualFile } from '../files/virtual.file';
import { FileSystemStorage } from '../storage/file-system.storage';
import type { OffloadRule } from './offload-rule.interface';
import { compileOffloadRule } from './offload-rule.validator';
import { type CompiledOffloadRule, matchOffloadRule, targetPath, targetUrl } from './offload-rules';

function compile(rule: OffloadRule): CompiledOffloadRule {
  const { rule: compiled, problems } = compileOffloadRule(rule, 'rules[0]');
  if (!compiled) throw new Error(problems.join('\n'));
  return compiled;
}

const media = new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' });
const secret = new FileSystemStorage({ location: '/srv/secret', baseUrl: '/media-secret/' });
const byUrl = compile({ backend: 'nginx', sourceUrl: '/media', destinationUrl: '/protected' });
const byDir = compile({ backend: 'apache', sourceDir: '/srv/media', destinationDir: '/var/www/media/' });

describe('matchOffloadRule', () => {
  it('maps a storage file by URL to the destination, each segment percent-encoded', () => {
    const target = matchOffloadRule(byUrl, new StorageFile(media, 'reports 2024/résumé #1?.pdf'))!;
    expect(target.segments).toEqual(['reports 2024', 'résumé #1?.pdf']);
    expect(targetUrl(target)).toBe('/protected/reports%202024/r%C3%A9sum%C3%A9%20%231%3F.pdf');
  });

  it('matches whole segments only: /media never captures /media-secret/x', () => {
    expect(matchOffloadRule(byUrl, new StorageFile(secret, 'x.txt'))).toBeUndefined();
    expect(matchOffloadRule(byDir, new PathFile('/srv/media-secret/x.txt'))).toBeUndefined();
  });

  it('does not capture the prefix itself', () => {
    const rule = compile({ backend: 'lighttpd', sourceDir: '/srv/media' });
    expect(matchOffloadRule(rule, new PathFile('/srv/media'))).toBeUndefined();
  });

  it('maps a path file by folder to the destination folder', () => {
    const target = matchOffloadRule(byDir, new PathFile('docs/a b.txt', { root: '/srv/media' }))!;
    expect(targetPath(target)).toBe('/var/www/media/docs/a b.txt');
  });

  it('maps to the root folder without doubling the slash', () => {
    const rule = compile({ backend: 'apache', sourceDir: '/', destinationDir: '/' });
    expect(targetPath(matchOffloadRule(rule, new PathFile('/srv/a.txt'))!)).toBe('/srv/a.txt');
  });

  it('maps a file of a FileSystemStorage by its path', () => {
    const target = matchOffloadRule(byDir, new StorageFile(media, 'x/y.txt'))!;
    expect(targetPath(target)).toBe('/var/www/media/x/y.txt');
  });

  it.each([
    ['a dot-dot segment', '/media/../secret.txt'],
    ['an encoded dot-dot', '/media/%2e%2e/secret.txt'],
    ['an encoded slash', '/media/..%2fsecret.txt'],
    ['an encoded backslash', '/media/..%5csecret.txt'],
    ['an encoded NUL', '/media/a%00.txt'],
    ['an encoded newline (header injection)', '/media/a%0d%0aX-Evil:%201'],
    ['an empty segment', '/media//etc/passwd'],
    ['a malformed escape', '/media/%E0%A4%A.txt'],
    ['the bare prefix', '/media/'],
  ])('never captures a URL with %s', (_what, url) => {
    class UrlFile extends VirtualFile {
      override getUrl() {
        return url;
      }
    }
    // Through a wrapper whose URL is given as it is (a custom storage could produce anything).
    const file = new UrlFile('x', { name: 'x' });
    expect(matchOffloadRule(byUrl, file)).toBeUndefined();
  });

  it('keeps double-encoded names literal: %252e%252e stays a file named %2e%2e', () => {
    class UrlFile extends VirtualFile {
      override getUrl() {
        return '/media/%252e%252e';
      }
    }
    const target = matchOffloadRule(byUrl, new UrlFile('x', { name: 'x' }))!;
    expect(target.segments).toEqual(['%2e%2e']);
    expect(targetUrl(target)).toBe('/protected/%252e%252e'); // nginx decodes once: the literal name
  });

  it('never captures a path outside the source folder, however it is written', () => {
    expect(matchOffloadRule(byDir, new PathFile('/srv/media/../secret/x.txt'))).toBeUndefined();
    expect(matchOffloadRule(byDir, new PathFile('/srv/other/x.txt'))).toBeUndefined();
  });

  it('captures nothing for a path file refused by confinement (no path)', () => {
    const file = new PathFile('../secret.txt', { root: '/srv/media' });
    expect(file.getPath()).toBeUndefined();
    expect(matchOffloadRule(byDir, file)).toBeUndefined();
  });

  it('refuses a path segment with a control character (no header can carry it)', () => {
    expect(matchOffloadRule(byDir, new PathFile('/srv/media/a\nb.txt'))).toBeUndefined();
  });

  it('captures remote URLs by origin and path, keeping the query for the proxy', () => {
    const rule = compile({ backend: 'nginx', sourceUrl: 'HTTP://Files.Example.com:80/pub', destinationUrl: '/proxied-remote/' });
    const target = matchOffloadRule(rule, new HttpFile('http://files.example.com/pub/a%20b.bin?sig=1%2B2'))!;
    expect(targetUrl(target)).toBe('/proxied-remote/a%20b.bin?sig=1%2B2');
    expect(matchOffloadRule(rule, new HttpFile('http://files.example.com.evil.test/pub/a.bin'))).toBeUndefined();
    expect(matchOffloadRule(rule, new HttpFile('http://files.example.com/public/a.bin'))).toBeUndefined();
  });

  it('does not match an absolute URL rule against a relative storage URL', () => {
    const rule = compile({ backend: 'nginx', sourceUrl: 'http://h/media/', destinationUrl: '/p/' });
    expect(matchOffloadRule(rule, new StorageFile(media, 'a.txt'))).toBeUndefined();
  });
});
