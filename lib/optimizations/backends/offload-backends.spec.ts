import { PathFile } from '../../files/path.file';
import { DownloadResponse } from '../../response/download.response';
import type { OffloadRule } from '../offload-rule.interface';
import { compileOffloadRule } from '../offload-rule.validator';
import { matchOffloadRule, type OffloadTarget } from '../offload-rules';
import { XAccelRedirectResponse, XSendfileResponse } from '../proxied-download.response';
import { ApacheBackend } from './apache.backend';
import { CaddyBackend } from './caddy.backend';
import { LighttpdBackend } from './lighttpd.backend';
import { NginxBackend } from './nginx.backend';
import { toOffloadBackend } from './offload-backends';

const NAME = 'sub dir/100% #1? café 🎉.txt';

function targetFor(rule: OffloadRule, filePath: string): { download: DownloadResponse; target: OffloadTarget } {
  const { rule: compiled, problems } = compileOffloadRule(rule, 'rules[0]');
  if (!compiled) throw new Error(problems.join('\n'));
  const download = new DownloadResponse(new PathFile(filePath), { cacheControl: 'private, max-age=60' });
  return { download, target: matchOffloadRule(compiled, download.file)! };
}

describe('NginxBackend', () => {
  const backend = new NginxBackend();
  const nginx = (extra: OffloadRule = {}) =>
    targetFor({ backend, sourceDir: '/srv/media', destinationUrl: '/protected/', ...extra }, `/srv/media/${NAME}`);

  it('redirects to the internal location with every segment percent-encoded', () => {
    const { download, target } = nginx();
    const answer = backend.createResponse(download, target)!;
    expect(answer).toBeInstanceOf(XAccelRedirectResponse);
    expect(answer.redirectUrl).toBe('/protected/sub%20dir/100%25%20%231%3F%20caf%C3%A9%20%F0%9F%8E%89.txt');
  });

  it("carries the streamed answer's Content-Type (with charset), Content-Disposition and Cache-Control, and no length", () => {
    const { download, target } = nginx();
    const { headers } = backend.createResponse(download, target)!;
    const streamed = download.defaultHeaders();
    expect(headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(headers['content-type']).toBe(streamed['content-type']);
    expect(headers['content-disposition']).toBe(streamed['content-disposition']);
    expect(headers['cache-control']).toBe('private, max-age=60');
    expect(headers).not.toHaveProperty('content-length');
    expect(headers).not.toHaveProperty('x-accel-charset');
    expect(headers).not.toHaveProperty('x-accel-buffering');
    expect(headers).not.toHaveProperty('x-accel-expires');
    expect(headers).not.toHaveProperty('x-accel-limit-rate');
  });

  it.each<[OffloadRule, Record<string, string>]>([
    [{ withBuffering: false }, { 'x-accel-buffering': 'no' }],
    [{ withBuffering: true }, { 'x-accel-buffering': 'yes' }],
    [{ expires: 3600 }, { 'x-accel-expires': '3600' }],
    [{ expires: 0 }, { 'x-accel-expires': '0' }],
    [{ expires: new Date('2030-01-01T00:00:00Z') }, { 'x-accel-expires': '@1893456000' }],
    [{ expires: false }, { 'x-accel-expires': 'off' }],
    [{ limitRate: 1048576 }, { 'x-accel-limit-rate': '1048576' }],
    [{ limitRate: false }, { 'x-accel-limit-rate': 'off' }],
  ])('sends the X-Accel options of %j', (options, expected) => {
    const { download, target } = nginx(options);
    expect(backend.createResponse(download, target)!.headers).toMatchObject(expected);
  });

  it('offloads remote files and needs no stat', () => {
    expect(backend.offloadsRemoteFiles).toBe(true);
    expect(backend.needsStat).toBe(false);
  });
});

describe('ApacheBackend', () => {
  const backend = new ApacheBackend();

  it('sends the absolute path as raw UTF-8 bytes (a latin1 string for Node)', () => {
    const { download, target } = targetFor({ backend, sourceDir: '/srv/media', destinationDir: '/var/www' }, `/srv/media/${NAME}`);
    const answer = backend.createResponse(download, target, { size: 5, modifiedTime: new Date(0) })!;
    expect(answer).toBeInstanceOf(XSendfileResponse);
    expect((answer as XSendfileResponse).filePath).toBe(`/var/www/${NAME}`);
    const value = answer.headers['x-sendfile'] as string;
    expect(Buffer.from(value, 'latin1').toString('utf8')).toBe(`/var/www/${NAME}`);
    expect([...value].every((char) => char.charCodeAt(0) <= 0xff)).toBe(true);
  });

  it('sends a weak ETag from size and modification time, so Apache never answers with its "0"', () => {
    const { download, target } = targetFor({ backend, sourceDir: '/srv' }, '/srv/a.bin');
    const stat = { size: 1234, modifiedTime: new Date('2024-01-02T03:04:05Z') };
    const { headers } = backend.createResponse(download, target, stat)!;
    expect(headers.etag).toBe(download.etag(stat));
    expect(headers.etag).toMatch(/^W\/"/);
    expect(headers['content-type']).toBe('application/octet-stream');
  });

  it('stats the file and never offloads remote files', () => {
    expect(backend.needsStat).toBe(true);
    expect(backend.offloadsRemoteFiles).toBe(false);
  });
});

describe('LighttpdBackend', () => {
  const backend = new LighttpdBackend();

  it('sends the absolute path with every segment percent-encoded, the folder included', () => {
    const { download, target } = targetFor({ backend, sourceDir: '/srv/my media' }, `/srv/my media/${NAME}`);
    const answer = backend.createResponse(download, target) as XSendfileResponse;
    expect(answer.filePath).toBe(`/srv/my media/${NAME}`);
    expect(answer.headers['x-sendfile']).toBe('/srv/my%20media/sub%20dir/100%25%20%231%3F%20caf%C3%A9%20%F0%9F%8E%89.txt');
    expect(answer.headers).not.toHaveProperty('etag');
  });

  it('needs no stat and never offloads remote files', () => {
    expect(backend.needsStat).toBe(false);
    expect(backend.offloadsRemoteFiles).toBe(false);
  });
});

describe('CaddyBackend', () => {
  const backend = new CaddyBackend();

  it('redirects to the handle_response location with every segment percent-encoded, without X-Accel options', () => {
    const { download, target } = targetFor({ backend, sourceDir: '/srv/media', destinationUrl: '/protected/' }, `/srv/media/${NAME}`);
    const answer = backend.createResponse(download, target)!;
    expect(answer).toBeInstanceOf(XAccelRedirectResponse);
    expect(answer.backend).toBe('caddy');
    expect(answer.redirectUrl).toBe('/protected/sub%20dir/100%25%20%231%3F%20caf%C3%A9%20%F0%9F%8E%89.txt');
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('x-accel-') && name !== 'x-accel-redirect')).toEqual([]);
  });

  it("refuses nginx's X-Accel options in its rules", () => {
    const { problems } = compileOffloadRule({ backend: 'caddy', sourceUrl: '/media/', destinationUrl: '/p/', expires: 60 }, 'rules[0]');
    expect(problems).toEqual(['rules[0]: expires is not understood by caddy']);
  });

  it('needs no stat and never offloads remote files', () => {
    expect(backend.needsStat).toBe(false);
    expect(backend.offloadsRemoteFiles).toBe(false);
  });
});

describe('toOffloadBackend', () => {
  it('makes the built-in backends by name and keeps objects as they are', () => {
    expect(toOffloadBackend('nginx')).toBeInstanceOf(NginxBackend);
    expect(toOffloadBackend('apache')).toBeInstanceOf(ApacheBackend);
    expect(toOffloadBackend('lighttpd')).toBeInstanceOf(LighttpdBackend);
    const custom = new LighttpdBackend();
    expect(toOffloadBackend(custom)).toBe(custom);
    expect(toOffloadBackend('caddy')).toBeInstanceOf(CaddyBackend);
    expect(toOffloadBackend('traefik')).toBeUndefined();
    expect(toOffloadBackend('toString')).toBeUndefined();
    expect(toOffloadBackend({ name: 'x' })).toBeUndefined();
  });
});
