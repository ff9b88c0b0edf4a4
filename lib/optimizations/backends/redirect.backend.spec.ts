import { StorageFile } from '../../files/storage.file';
import type { Storage, StorageStat } from '../../interfaces/storage.interface';
import { generateProxyConfig } from '../../proxy-config/proxy-config.generator';
import { DownloadResponse } from '../../response/download.response';
import type { PresignOptions, PresigningStorage } from '../offload-rule.interface';
import { compileOffloadRules } from '../offload-rule.validator';
import { OffloadService } from '../offload.service';
import { PresignedRedirectResponse } from '../proxied-download.response';

/** A storage that presigns like S3Storage given a client (no objectsUrl), recording what it was asked. */
function objectStore(objects: Record<string, StorageStat>) {
  const presigned: [string, PresignOptions | undefined][] = [];
  const store: PresigningStorage & Storage = {
    supportsRanges: true,
    presign: async (name, options) => {
      presigned.push([name, options]);
      return name.includes('..') ? undefined : `https://s3.example/bucket/${encodeURIComponent(name)}?X-Amz-Signature=abc`;
    },
    exists: async (name) => name in objects,
    stat: async (name) => objects[name] ?? null,
    open: async () => {
      throw new Error('a redirect never opens the object');
    },
    url: () => undefined,
    path: () => undefined,
    save: async (name: string) => name,
    delete: async () => undefined,
    list: async () => ({ directories: [], files: [] }),
  };
  return { store, presigned };
}

describe('RedirectBackend: redirect rules', () => {
  const { store, presigned } = objectStore({ 'report.csv': { size: 3 } });

  it('needs no objectsUrl, and no destination', () => {
    const { rules, problems } = compileOffloadRules([{ backend: 'redirect', sourceStorage: store, redirectStatus: 307 }], undefined);
    expect(problems).toEqual([]);
    expect(rules[0]).toMatchObject({ destination: '', sourceStorage: store, backend: { name: 'redirect', destinationKind: 'redirect' } });
  });

  it.each([
    ['no sourceStorage', { sourceUrl: '/media/' }, 'redirect needs sourceStorage'],
    ['a wrong status', { sourceStorage: store, redirectStatus: 308 }, 'redirectStatus must be 302 or 307, got 308'],
    ['a folder destination', { sourceStorage: store, destinationDir: '/x' }, 'destinationDir is for proxies'],
    ['a redirectStatus on an nginx rule', { backend: 'nginx', sourceStorage: { ...store, objectsUrl: 'http://s3/b/' }, destinationUrl: '/o/', redirectStatus: 302 }, 'redirectStatus is not understood by nginx'],
  ])('refuses %s', (_name, rule, message) => {
    const { problems } = compileOffloadRules([{ backend: 'redirect', ...rule }], undefined);
    expect(problems.join('\n')).toContain(message);
  });

  it('stats, presigns with the streamed headers as overrides, and answers the status with Location and no-store', async () => {
    const { rules } = compileOffloadRules([{ backend: 'redirect', sourceStorage: store, presignExpiresIn: 45, redirectStatus: 307 }], undefined);
    const service = new OffloadService(undefined, rules);
    const download = new DownloadResponse(new StorageFile(store, 'report.csv'), { basename: 'Q3 “été”.csv', cacheControl: 'private' });
    const answer = await service.createResponse(download);
    expect(answer).toBeInstanceOf(PresignedRedirectResponse);
    expect(answer!.status).toBe(307);
    expect(answer!.headers).toEqual({ location: 'https://s3.example/bucket/report.csv?X-Amz-Signature=abc', 'cache-control': 'no-store' });
    const headers = download.defaultHeaders({ size: 3 });
    expect(presigned.at(-1)).toEqual([
      'report.csv',
      {
        expiresIn: 45,
        contentDisposition: headers['content-disposition'],
        contentType: headers['content-type'],
        contentEncoding: undefined,
        cacheControl: 'private',
      },
    ]);
  });

  it('throws 404 for a missing object, before presigning', async () => {
    const { rules } = compileOffloadRules([{ backend: 'redirect', sourceStorage: store }], undefined);
    const before = presigned.length;
    await expect(new OffloadService(undefined, rules).createResponse(new DownloadResponse(new StorageFile(store, 'gone.csv')))).rejects.toMatchObject({ status: 404 });
    expect(presigned.length).toBe(before);
  });

  it('is left out of every generated proxy config', () => {
    const rules = [
      { backend: 'redirect' as const, sourceStorage: store },
      { backend: 'nginx' as const, sourceDir: '/srv/media', destinationUrl: '/protected/' },
    ];
    const config = generateProxyConfig('nginx', { options: { rules } });
    expect(config).toContain('location /protected/');
    expect(config).not.toMatch(/s3\.example|redirect/);
    expect(() => generateProxyConfig('nginx', { options: { rules: rules.slice(0, 1) } })).toThrow('no offload rule for nginx');
  });
});
