import { NotFoundException } from '@nestjs/common';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpFile } from '../files/http.file';
import { PathFile } from '../files/path.file';
import { StorageFile } from '../files/storage.file';
import { VirtualFile } from '../files/virtual.file';
import { DownloadResponse } from '../response/download.response';
import { FileSystemStorage } from '../storage/file-system.storage';
import type { OffloadRule } from './offload-rule.interface';
import { compileOffloadRules } from './offload-rule.validator';
import type { CompiledOffloadRule } from './offload-rules';
import { OffloadService } from './offload.service';
import { XAccelRedirectResponse, XSendfileResponse } from './proxied-download.response';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offload-service-'));
  await writeFile(join(dir, 'hello.txt'), 'Hello world!\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function service(rules: OffloadRule[], backend?: OffloadRule['backend']): OffloadService {
  const compiled = compileOffloadRules(rules, backend);
  if (compiled.problems.length) throw new Error(compiled.problems.join('\n'));
  return new OffloadService(compiled.backend, compiled.rules);
}

function routeRules(rules: OffloadRule[]): CompiledOffloadRule[] {
  return compileOffloadRules(rules, undefined).rules;
}

describe('OffloadService', () => {
  it('exposes the compiled backend and rules', () => {
    const offload = service([{ sourceUrl: '/media/', destinationUrl: '/protected/' }], 'nginx');
    expect(offload.backend?.name).toBe('nginx');
    expect(offload.rules.map((r) => r.destination)).toEqual(['/protected/']);
  });

  it('lets the first matching rule win', async () => {
    const storage = new FileSystemStorage({ location: dir, baseUrl: '/media/' });
    const offload = service(
      [
        { sourceUrl: '/media/', destinationUrl: '/first/' },
        { sourceUrl: '/media/', destinationUrl: '/second/' },
      ],
      'nginx',
    );
    const answer = await offload.createResponse(new DownloadResponse(new StorageFile(storage, 'hello.txt')));
    expect((answer as XAccelRedirectResponse).redirectUrl).toBe('/first/hello.txt');
  });

  it('tries route rules before the global ones, and falls back to the global ones', async () => {
    const offload = service([{ sourceDir: dir, destinationUrl: '/global/' }], 'nginx');
    const route = routeRules([{ backend: 'lighttpd', sourceDir: join(dir, 'elsewhere'), destinationDir: '/x' }, { backend: 'nginx', sourceDir: dir, destinationUrl: '/route/' }]);
    const answer = await offload.createResponse(new DownloadResponse(new PathFile(join(dir, 'hello.txt'))), route);
    expect((answer as XAccelRedirectResponse).redirectUrl).toBe('/route/hello.txt');
    const other = routeRules([{ backend: 'nginx', sourceDir: join(dir, 'elsewhere'), destinationUrl: '/route/' }]);
    const fallback = await offload.createResponse(new DownloadResponse(new PathFile(join(dir, 'hello.txt'))), other);
    expect((fallback as XAccelRedirectResponse).redirectUrl).toBe('/global/hello.txt');
  });

  it('never offloads a VirtualFile, even one with a URL', async () => {
    class UrlVirtual extends VirtualFile {
      override getUrl() {
        return '/media/x.txt';
      }
    }
    const offload = service([{ sourceUrl: '/media/', destinationUrl: '/p/' }], 'nginx');
    expect(await offload.createResponse(new DownloadResponse(new UrlVirtual('x', { name: 'x.txt' })))).toBeNull();
  });

  it('offloads an HttpFile only to nginx, by sourceUrl', async () => {
    const file = () => new HttpFile('http://origin.test/files/a.bin');
    const apache = service([{ backend: 'apache', sourceUrl: 'http://origin.test/files/', destinationDir: '/srv' }]);
    expect(await apache.createResponse(new DownloadResponse(file()))).toBeNull();
    const nginx = service([{ backend: 'nginx', sourceUrl: 'http://origin.test/files/', destinationUrl: '/proxied-remote/' }]);
    const answer = await nginx.createResponse(new DownloadResponse(file()));
    expect((answer as XAccelRedirectResponse).redirectUrl).toBe('/proxied-remote/a.bin');
  });

  it('answers 404 for a PathFile whose name confinement refused, whatever the backend', async () => {
    const offload = service([{ sourceDir: dir }], 'lighttpd');
    const refused = new PathFile('../etc/passwd', { root: dir });
    await expect(offload.createResponse(new DownloadResponse(refused))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('streams a download that carries a Content-Encoding (no proxy keeps it right)', async () => {
    const offload = service([{ sourceDir: dir, destinationUrl: '/p/' }], 'nginx');
    const file = new PathFile(join(dir, 'hello.txt'), { encoding: 'gzip' });
    expect(await offload.createResponse(new DownloadResponse(file))).toBeNull();
  });

  it('does not look at the file for nginx or lighttpd: the proxy answers 404 itself', async () => {
    for (const offload of [service([{ sourceDir: dir, destinationUrl: '/p/' }], 'nginx'), service([{ sourceDir: dir }], 'lighttpd')]) {
      const file = new PathFile(join(dir, 'missing.txt'));
      const stat = jest.spyOn(file, 'stat');
      expect(await offload.createResponse(new DownloadResponse(file))).not.toBeNull();
      expect(stat).not.toHaveBeenCalled();
    }
  });

  it('stats the file for Apache: ETag for an existing file, 404 for a missing one', async () => {
    const offload = service([{ sourceDir: dir }], 'apache');
    const answer = (await offload.createResponse(new DownloadResponse(new PathFile(join(dir, 'hello.txt'))))) as XSendfileResponse;
    expect(answer.filePath).toBe(join(dir, 'hello.txt'));
    expect(answer.headers.etag).toMatch(/^W\/"d-/);
    await expect(offload.createResponse(new DownloadResponse(new PathFile(join(dir, 'missing.txt'))))).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });

  it('answers null without rules', async () => {
    expect(await new OffloadService().createResponse(new DownloadResponse(new PathFile(join(dir, 'hello.txt'))))).toBeNull();
  });
});
