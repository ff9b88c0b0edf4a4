import { StorageFile } from '../files/storage.file';
import { VirtualFile } from '../files/virtual.file';
import type { Storage } from '../interfaces/storage.interface';
import { nginxConfig } from '../proxy-config/nginx.config';
import { planProxyConfig } from '../proxy-config/proxy-config.plan';
import type { PresigningStorage } from './offload-rule.interface';
import { compileOffloadRules } from './offload-rule.validator';
import { matchOffloadRule, presignedTarget, targetUrl } from './offload-rules';

/** A storage that presigns like S3Storage, without an SDK. */
function objectStore(objectsUrl: string | undefined = 'http://s3.local:9000/bucket/media/'): PresigningStorage & Storage {
  return {
    objectsUrl,
    supportsRanges: true,
    presign: async (name: string) => `${objectsUrl}${name.split('/').map(encodeURIComponent).join('/')}?X-Amz-Signature=abc%2Fdef`,
    exists: async () => true,
    stat: async () => null,
    open: async () => {
      throw new Error('not here');
    },
    url: () => undefined,
    path: () => undefined,
    save: async (name: string) => name,
    delete: async () => undefined,
    list: async () => ({ directories: [], files: [] }),
  };
}

describe('offload rules with sourceStorage (objects fetched by the proxy with presigned URLs)', () => {
  const store = objectStore();
  const compile = (rule: object, backend: unknown = 'nginx') => compileOffloadRules([rule], backend);

  it('captures the StorageFiles of that storage only', () => {
    const { rules, problems } = compile({ sourceStorage: store, destinationUrl: '/s3-objects' });
    expect(problems).toEqual([]);
    expect(rules[0].destination).toBe('/s3-objects/');
    expect(matchOffloadRule(rules[0], new StorageFile(store, 'a b/c.txt'))).toEqual({ rule: rules[0], segments: ['a b', 'c.txt'], search: '' });
    expect(matchOffloadRule(rules[0], new StorageFile(objectStore(), 'c.txt'))).toBeUndefined();
    expect(matchOffloadRule(rules[0], new VirtualFile('x', { name: 'c.txt' }))).toBeUndefined();
  });

  it.each<[string, object, unknown, string]>([
    ['a storage that cannot presign', { sourceStorage: {}, destinationUrl: '/o/' }, 'nginx', 'sourceStorage must be a storage that presigns URLs'],
    ['two sources', { sourceStorage: store, sourceUrl: '/m/', destinationUrl: '/o/' }, 'nginx', 'give one of sourceUrl, sourceDir or sourceStorage, not sourceUrl and sourceStorage'],
    ['a server that reads files from disk', { sourceStorage: store, destinationDir: '/o' }, 'apache', "sourceStorage needs a server that proxies remote files (nginx) or 'redirect'; apache reads files from disk"],
    ['a lifetime that is not whole seconds', { sourceStorage: store, destinationUrl: '/o/', presignExpiresIn: 0.5 }, 'nginx', 'presignExpiresIn must be whole seconds from 1 to 604800, got 0.5'],
    ['a lifetime without storage', { sourceUrl: '/m/', destinationUrl: '/o/', presignExpiresIn: 60 }, 'nginx', 'presignExpiresIn is for sourceStorage rules'],
  ])('refuses %s at start-up', (_what, rule, backend, problem) => {
    expect(compile(rule, backend).problems.join('\n')).toContain(problem);
  });

  it('names the presigned path encoded once more (nginx decodes it once) and keeps the query as it is', () => {
    const [rule] = compile({ sourceStorage: store, destinationUrl: '/s3-objects/' }).rules;
    const target = presignedTarget(rule, "http://s3.local:9000/bucket/media/it%27s%20%C3%A9.txt?X-Amz-Signature=abc%2Fdef")!;
    expect(target.segments).toEqual(['it%27s%20%C3%A9.txt']);
    expect(targetUrl(target)).toBe('/s3-objects/it%2527s%2520%25C3%25A9.txt?X-Amz-Signature=abc%2Fdef');
    expect(presignedTarget(rule, 'http://s3.local:9000/bucket/media/a/%2E%2E/b?x')).toBeUndefined();
    expect(() => presignedTarget(rule, 'http://elsewhere/bucket/media/a?x')).toThrow("not below the storage's objectsUrl");
  });

  it('plans an object-store location that nginx fetches with the signed path verbatim, Host signed, S3 headers hidden', () => {
    const plan = planProxyConfig('nginx', { options: { backend: 'nginx', rules: [{ sourceStorage: store, destinationUrl: '/s3-objects/' }] } });
    expect(plan.locations).toEqual([
      { url: '/s3-objects/', origin: 'http://s3.local:9000/bucket/media/', presigned: true, refuseSymlinks: true, rules: ['rules[0] (sourceStorage)'] },
    ]);
    const config = nginxConfig(plan);
    expect(config).toMatch(/upstream nestjs_downloadview_objects_0 \{\n\s+server s3\.local:9000;\n\s+keepalive 16;/);
    expect(config).toContain('location ~ ^/s3-objects/(.*) {\n            internal;\n            proxy_pass http://nestjs_downloadview_objects_0/bucket/media/$1$is_args$args;');
    expect(config).toContain('proxy_set_header Host "s3.local:9000";');
    expect(config).toContain('proxy_method GET;');
    expect(config).toContain('error_page 403 404 =404 @nestjs_downloadview_not_found;');
    expect(config).toContain('proxy_hide_header x-amz-request-id;');
    expect(config).toContain('proxy_hide_header Content-Disposition;');
  });

  it('refuses at start-up a storage whose objectsUrl is unknown (an S3Storage given a client), and so does the generator', () => {
    const rules = [{ sourceStorage: { ...objectStore(), objectsUrl: undefined }, destinationUrl: '/s3-objects/' }];
    expect(compileOffloadRules(rules, 'nginx').problems).toEqual([
      'rules[0] (sourceStorage): sourceStorage has no objectsUrl: give the S3Storage a clientConfig with a string endpoint (or a string region on AWS), not a client',
    ]);
    expect(() => planProxyConfig('nginx', { options: { backend: 'nginx', rules } })).toThrow('sourceStorage has no objectsUrl');
  });
});
