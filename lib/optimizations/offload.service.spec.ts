import { NotFoundException } from '@nestjs/common';
import * as fs from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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

  it('does not stat the file for nginx or lighttpd; its realpath finds a missing one (404)', async () => {
    for (const offload of [service([{ sourceDir: dir, destinationUrl: '/p/' }], 'nginx'), service([{ sourceDir: dir }], 'lighttpd')]) {
      const file = new PathFile(join(dir, 'hello.txt'));
      const stat = jest.spyOn(file, 'stat');
      expect(await offload.createResponse(new DownloadResponse(file))).not.toBeNull();
      expect(stat).not.toHaveBeenCalled();
      await expect(offload.createResponse(new DownloadResponse(new PathFile(join(dir, 'missing.txt'))))).rejects.toBeInstanceOf(
        NotFoundException,
      );
    }
  });

  it('offloads a missing file without looking when nothing is to be checked (allowSymlinks): the proxy answers 404', async () => {
    const offload = service([{ sourceDir: dir, destinationUrl: '/p/', allowSymlinks: true }], 'nginx');
    const realpath = jest.spyOn(fs.promises, 'realpath');
    const realpathSync = jest.spyOn(fs.realpathSync, 'native');
    try {
      const answer = await offload.createResponse(new DownloadResponse(new PathFile(join(dir, 'missing.txt'))));
      expect((answer as XAccelRedirectResponse).redirectUrl).toBe('/p/missing.txt');
      expect(realpath).not.toHaveBeenCalled();
      expect(realpathSync).not.toHaveBeenCalled();
    } finally {
      realpath.mockRestore();
      realpathSync.mockRestore();
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

describe('OffloadService: symbolic links leading out of the folder', () => {
  // base/
  //   secret.txt, outside/secret.txt      never offloaded
  //   files/hello.txt, files/sub/inner.txt
  //   files/out.txt -> ../secret.txt      a file outside
  //   files/out-dir -> ../outside         a folder outside
  //   files/in.txt -> hello.txt           stays inside: offloaded
  //   files/in-dir -> sub                 stays inside: offloaded
  let base: string;
  let files: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'offload-links-'));
    files = join(base, 'files');
    await mkdir(join(files, 'sub'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'secret.txt'), 'secret');
    await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
    await writeFile(join(files, 'hello.txt'), 'Hello world!\n');
    await writeFile(join(files, 'sub', 'inner.txt'), 'inner');
    await symlink('../secret.txt', join(files, 'out.txt'));
    await symlink('../outside', join(files, 'out-dir'));
    await symlink('hello.txt', join(files, 'in.txt'));
    await symlink('sub', join(files, 'in-dir'));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  const OUT = ['out.txt', 'out-dir/secret.txt'];
  const IN = ['hello.txt', 'in.txt', 'in-dir/inner.txt'];
  const answer = (offload: OffloadService, file: PathFile | StorageFile | HttpFile) =>
    offload.createResponse(new DownloadResponse(file));

  it.each(['nginx', 'apache', 'lighttpd', 'caddy'] as const)('%s: refuses links out of the rule sourceDir (404), offloads links inside', async (backend) => {
    const byUrl = backend === 'nginx' || backend === 'caddy';
    const offload = service([byUrl ? { sourceDir: files, destinationUrl: '/p/' } : { sourceDir: files }], backend);
    for (const name of OUT) {
      // No root on the wrapper: the rule's folder alone decides.
      await expect(answer(offload, new PathFile(join(files, name)))).rejects.toBeInstanceOf(NotFoundException);
    }
    for (const name of IN) expect(await answer(offload, new PathFile(join(files, name)))).not.toBeNull();
  });

  it("refuses links out of a PathFile's root or a storage's location matched by another folder or by URL", async () => {
    // The rule maps the parent folder: only the wrapper's own folder catches these links.
    const byDir = service([{ sourceDir: base, destinationUrl: '/p/' }], 'nginx');
    const storage = new FileSystemStorage({ location: files, baseUrl: '/media/' });
    const byUrl = service([{ sourceUrl: '/media/', destinationUrl: '/p/' }], 'nginx');
    for (const name of OUT) {
      await expect(answer(byDir, new PathFile(name, { root: files }))).rejects.toBeInstanceOf(NotFoundException);
      await expect(answer(byUrl, new StorageFile(storage, name))).rejects.toBeInstanceOf(NotFoundException);
    }
    for (const name of IN) {
      expect(await answer(byDir, new PathFile(name, { root: files }))).not.toBeNull();
      expect(await answer(byUrl, new StorageFile(storage, name))).not.toBeNull();
    }
  });

  it("follows them when the rule sets allowSymlinks, or when the wrapper follows them and the rule has no folder", async () => {
    const allowed = service([{ sourceDir: files, destinationUrl: '/p/', allowSymlinks: true }], 'nginx');
    const following = new FileSystemStorage({ location: files, baseUrl: '/media/', followSymlinks: true });
    const byUrl = service([{ sourceUrl: '/media/', destinationUrl: '/p/' }], 'nginx');
    for (const name of OUT) {
      const a = (await answer(allowed, new PathFile(name, { root: files }))) as XAccelRedirectResponse;
      expect(a.redirectUrl).toBe(`/p/${name}`);
      const b = (await answer(byUrl, new StorageFile(following, name))) as XAccelRedirectResponse;
      expect(b.redirectUrl).toBe(`/p/${name}`);
      // The rule's own folder still counts, whatever the wrapper says.
      const byDir = service([{ sourceDir: files, destinationUrl: '/p/' }], 'nginx');
      await expect(answer(byDir, new PathFile(name, { root: files, followSymlinks: true }))).rejects.toBeInstanceOf(NotFoundException);
    }
  });

  it('resolves no real path for a file reached through no link, however deep', async () => {
    const realpath = jest.spyOn(fs.promises, 'realpath');
    const realpathSync = jest.spyOn(fs.realpathSync, 'native');
    try {
      const offload = service([{ sourceDir: files, destinationUrl: '/p/' }], 'nginx');
      for (let i = 0; i < 5; i++) expect(await answer(offload, new PathFile('hello.txt', { root: files }))).not.toBeNull();
      await mkdir(join(files, 'deeper', 'still'), { recursive: true });
      await writeFile(join(files, 'deeper', 'still', 'a.txt'), 'a');
      expect(await answer(offload, new PathFile('deeper/still/a.txt', { root: files }))).not.toBeNull();
      await expect(answer(offload, new PathFile('deeper/missing/a.txt', { root: files }))).rejects.toBeInstanceOf(NotFoundException);
      await expect(answer(offload, new PathFile('hello.txt/a.txt', { root: files }))).rejects.toBeInstanceOf(NotFoundException);
      expect(realpath).not.toHaveBeenCalled();
      expect(realpathSync).not.toHaveBeenCalled();
    } finally {
      realpath.mockRestore();
      realpathSync.mockRestore();
    }
  });

  it('resolves the file and each folder only past a link: each folder once per service, the file once per answer; services do not share the memo', async () => {
    const realpath = jest.spyOn(fs.promises, 'realpath');
    const realpathSync = jest.spyOn(fs.realpathSync, 'native');
    const inside = join(files, 'inside-link.txt');
    await symlink(join(files, 'hello.txt'), inside).catch(() => undefined);
    try {
      const offload = service([{ sourceDir: files, destinationUrl: '/p/' }], 'nginx');
      for (let i = 0; i < 5; i++) expect(await answer(offload, new PathFile('inside-link.txt', { root: files }))).not.toBeNull();
      expect(realpath.mock.calls.map(([p]) => p)).toEqual([files]);
      expect(realpathSync.mock.calls.map(([p]) => p)).toEqual(Array(5).fill(inside));
      realpath.mockClear();
      realpathSync.mockClear();
      await answer(service([{ sourceDir: files, destinationUrl: '/p/' }], 'nginx'), new PathFile(inside));
      expect(realpath).toHaveBeenCalledTimes(1);
      expect(realpathSync).toHaveBeenCalledTimes(1);
    } finally {
      realpath.mockRestore();
      realpathSync.mockRestore();
    }
  });

  it('tries a folder again after it failed to resolve', async () => {
    const later = join(base, 'later');
    const offload = service([{ sourceDir: later, destinationUrl: '/p/' }], 'nginx');
    await expect(answer(offload, new PathFile(join(later, 'a.txt')))).rejects.toBeInstanceOf(NotFoundException);
    await mkdir(later);
    await writeFile(join(later, 'a.txt'), 'a');
    expect(await answer(offload, new PathFile(join(later, 'a.txt')))).not.toBeNull();
  });

  it('leaves remote files and storages without a local path alone', async () => {
    const realpath = jest.spyOn(fs.promises, 'realpath');
    const realpathSync = jest.spyOn(fs.realpathSync, 'native');
    try {
      const remote = service([{ sourceUrl: 'http://origin.test/files/', destinationUrl: '/proxied-remote/' }], 'nginx');
      expect(await answer(remote, new HttpFile('http://origin.test/files/a.bin'))).not.toBeNull();
      const urlOnly = Object.assign(Object.create(new FileSystemStorage({ location: files, baseUrl: '/media/' })), {
        path: () => undefined,
      }) as FileSystemStorage;
      const byUrl = service([{ sourceUrl: '/media/', destinationUrl: '/p/' }], 'nginx');
      expect(await answer(byUrl, new StorageFile(urlOnly, 'out.txt'))).not.toBeNull();
      expect(realpath).not.toHaveBeenCalled();
      expect(realpathSync).not.toHaveBeenCalled();
    } finally {
      realpath.mockRestore();
      realpathSync.mockRestore();
    }
  });
});
