import { Controller, Get, type INestApplication } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Download,
  DownloadModule,
  FileSystemStorage,
  NginxBackend,
  OFFLOAD_BACKEND,
  OFFLOAD_RULES,
  type OffloadBackend,
  type OffloadRule,
  OffloadService,
  PathFile,
  StorageFile,
  StorageService,
  WildcardPath,
  XAccelRedirect,
  XSendfile,
} from 'nestjs-downloadview';
import { assertXAccelRedirect, assertXSendfile } from 'nestjs-downloadview/testing';
import { rawRequest } from '../proxies/http-client';
import { makeTempDir, removeTempDir } from '../proxies/temp-dir';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

let dir: string;
let media: string;
let exports: string;

beforeAll(async () => {
  dir = await makeTempDir('offload-rules');
  media = join(dir, 'media');
  exports = join(dir, 'exports');
  await mkdir(join(dir, 'media-secret'), { recursive: true });
  await mkdir(exports, { recursive: true });
  await mkdir(media, { recursive: true });
  await writeFile(join(media, 'hello.txt'), 'Hello world!\n');
  await writeFile(join(dir, 'media-secret', 'x.txt'), 'not offloaded\n');
  await writeFile(join(exports, 'data.csv'), 'a,b\n1,2\n');
});
afterAll(() => removeTempDir(dir));

@Controller('by-method')
class ByMethodController {
  constructor(private readonly storage: StorageService) {}

  @Get('global/*')
  @Download()
  global(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }

  @Get('decorated')
  @Download()
  @XAccelRedirect({ sourceUrl: '/media/', destinationUrl: '/by-decorator/', expires: 60, withBuffering: false, limitRate: 1024 })
  decorated() {
    return this.storage.file('hello.txt');
  }

  @Get('opt-out')
  @Download({ offload: false })
  @XAccelRedirect({ sourceUrl: '/media/', destinationUrl: '/by-decorator/' })
  optOut() {
    return this.storage.file('hello.txt');
  }

  @Get('secret')
  @Download()
  secret() {
    // `/media-secret/x.txt`: the `/media` rule must not capture it.
    return new StorageFile(new FileSystemStorage({ location: join(dir, 'media-secret'), baseUrl: '/media-secret/' }), 'x.txt');
  }

  @Get('refused/*')
  @Download()
  @XSendfile({ server: 'lighttpd', sourceDir: '/' })
  refused(@WildcardPath() name: string[]) {
    return new PathFile(name, { root: media });
  }
}

@Controller('exports')
@XSendfile({ server: 'apache', sourceDir: '/', destinationDir: '/' })
class ExportsController {
  @Get('file/*')
  @Download()
  file(@WildcardPath() name: string[]) {
    return new PathFile(name, { root: exports });
  }

  /** The method's rule wins over the controller's. */
  @Get('lighttpd')
  @Download()
  @XSendfile({ server: 'lighttpd', sourceDir: '/', destinationDir: '/mnt' })
  lighttpd() {
    return new PathFile('data.csv', { root: exports });
  }
}

const rules = (): OffloadRule[] => [{ sourceUrl: '/media', destinationUrl: '/protected' }];
const controllers = [ByMethodController, ExportsController];

describe.each(ADAPTERS)('offload rules and decorators on %s (no proxy)', (adapter) => {
  let app: INestApplication;
  let base: string;
  const get = (path: string, method = 'GET') => rawRequest(`${base}${path}`, { method, headers: { Range: 'bytes=0-0' } });

  beforeAll(async () => {
    app = await createTestApp(adapter, {
      imports: [DownloadModule.forRoot({ storage: new FileSystemStorage({ location: media, baseUrl: '/media/' }), backend: 'nginx', rules: rules() })],
      controllers,
    });
    base = await appUrl(app);
  });
  afterAll(() => app?.close());

  it('offloads by the global rule with an empty 200, whatever Range the client sent', async () => {
    const res = await get('/by-method/global/hello.txt');
    assertXAccelRedirect(res, { redirectUrl: '/protected/hello.txt', contentType: 'text/plain; charset=utf-8', basename: 'hello.txt' });
    expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
    expect(res.headers['content-range']).toBeUndefined();
  });

  it('answers HEAD the same way', async () => {
    const res = await get('/by-method/global/hello.txt', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['x-accel-redirect']).toBe('/protected/hello.txt');
  });

  it("lets a method's @XAccelRedirect() win over the global rules, with its X-Accel options", async () => {
    const res = await get('/by-method/decorated');
    assertXAccelRedirect(res, { redirectUrl: '/by-decorator/hello.txt', expires: 60, withBuffering: false, limitRate: 1024 });
  });

  it('streams a route with @Download({ offload: false }) despite its decorator', async () => {
    const res = await get('/by-method/opt-out');
    expect(res.status).toBe(206); // streamed by the app, which answers the Range itself
    expect(res.headers['x-accel-redirect']).toBeUndefined();
    expect(res.body.toString()).toBe('H');
  });

  it('never lets the /media rule capture /media-secret/x.txt', async () => {
    const res = await get('/by-method/secret');
    expect(res.headers['x-accel-redirect']).toBeUndefined();
    expect(res.body.toString()).toBe('n');
  });

  it('answers 404 for a name that path confinement refuses, never offloading it', async () => {
    for (const path of ['/by-method/refused/..%2f..%2fetc%2fpasswd', '/by-method/refused/%2e%2e/exports/data.csv']) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['x-sendfile']).toBeUndefined();
    }
  });

  it("applies a controller's @XSendfile() to its routes, stating the file for Apache's ETag", async () => {
    const res = await get('/exports/file/data.csv');
    assertXSendfile(res, { filePath: join(exports, 'data.csv'), server: 'apache' });
    expect(res.headers.etag).toMatch(/^W\/"8-/);
    const missing = await get('/exports/file/missing.csv');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-sendfile']).toBeUndefined();
  });

  it("lets a method's rule win over its controller's", async () => {
    const res = await get('/exports/lighttpd');
    expect(res.headers['x-sendfile']).toBe(`/mnt${exports.split('/').map(encodeURIComponent).join('/')}/data.csv`);
    expect(res.headers.etag).toBeUndefined();
  });

  it('provides the compiled rules and backend, injectable and inspectable', () => {
    const service = app.get(OffloadService);
    expect(service.backend).toBeInstanceOf(NginxBackend);
    expect(app.get(OFFLOAD_BACKEND)).toBe(service.backend);
    expect(app.get(OFFLOAD_RULES)).toEqual(service.rules);
    expect(service.rules.map((r) => [r.label, r.sourceUrl, r.destination])).toEqual([
      ['rules[0] (sourceUrl "/media")', '/media/', '/protected/'],
    ]);
  });
});

describe('DownloadModule.forRootAsync() with ConfigService', () => {
  const configured = (values: Record<string, unknown>) =>
    // docs:start config-service
    DownloadModule.forRootAsync({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => values] })],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        storage: new FileSystemStorage({ location: media, baseUrl: config.getOrThrow<string>('MEDIA_URL') }),
        backend: config.get<'nginx' | 'apache' | 'lighttpd'>('OFFLOAD_BACKEND'),
        rules: config.get<OffloadRule[]>('OFFLOAD_RULES'),
      }),
    });
  // docs:end config-service

  it.each(ADAPTERS)('builds the backend and rules from the configuration (%s)', async (adapter) => {
    const app = await createTestApp(adapter, {
      imports: [
        configured({
          MEDIA_URL: '/files/',
          OFFLOAD_BACKEND: 'lighttpd',
          OFFLOAD_RULES: [{ sourceUrl: '/files/', destinationDir: '/srv/files' }],
        }),
      ],
      controllers: [ByMethodController],
    });
    try {
      const service = app.get(OffloadService);
      expect(service.backend?.name).toBe('lighttpd');
      expect(service.rules.map((r) => r.destination)).toEqual(['/srv/files']);
      const res = await rawRequest(`${await appUrl(app)}/by-method/global/hello.txt`);
      expect(res.headers['x-sendfile']).toBe('/srv/files/hello.txt');
    } finally {
      await app.close();
    }
  });

  it('fails at start-up with a message naming the wrong rule', async () => {
    const compile = Test.createTestingModule({
      imports: [
        configured({
          MEDIA_URL: '/files/',
          OFFLOAD_BACKEND: 'nginx',
          OFFLOAD_RULES: [{ sourceUrl: '/files/', destinationUrl: '/ok/' }, { sourceUrl: '/x/', destinationDir: '/srv' }],
        }),
      ],
    }).compile();
    await expect(compile).rejects.toThrow(
      'rules[1] (sourceUrl "/x/"): destinationDir is for X-Sendfile servers; nginx needs destinationUrl',
    );
  });
});

describe('module defaults', () => {
  it.each(ADAPTERS)('stream every route with defaults: { offload: false } (%s)', async (adapter) => {
    const app = await createTestApp(adapter, {
      imports: [
        DownloadModule.forRoot({
          storage: new FileSystemStorage({ location: media, baseUrl: '/media/' }),
          backend: 'nginx',
          rules: rules(),
          defaults: { offload: false },
        }),
      ],
      controllers: [ByMethodController],
    });
    try {
      for (const path of ['/by-method/global/hello.txt', '/by-method/decorated']) {
        const res = await rawRequest(`${await appUrl(app)}${path}`);
        expect({ path, body: res.body.toString(), header: res.headers['x-accel-redirect'] }).toEqual({
          path,
          body: 'Hello world!\n',
          header: undefined,
        });
      }
    } finally {
      await app.close();
    }
  });
});

describe('a custom OffloadBackend', () => {
  it.each(ADAPTERS)('is used as it is given (%s)', async (adapter) => {
    class CaddyBackend extends NginxBackend implements OffloadBackend {
      override readonly name = 'caddy';
      override readonly offloadsRemoteFiles = false;
    }
    const app = await createTestApp(adapter, {
      imports: [
        DownloadModule.forRoot({
          storage: new FileSystemStorage({ location: media, baseUrl: '/media/' }),
          backend: new CaddyBackend(),
          rules: [{ sourceDir: media, destinationUrl: '/internal/' }],
        }),
      ],
      controllers: [ByMethodController],
    });
    try {
      const res = await rawRequest(`${await appUrl(app)}/by-method/global/hello.txt`);
      expect(res.headers['x-accel-redirect']).toBe('/internal/hello.txt');
      expect(app.get(OffloadService).backend?.name).toBe('caddy');
    } finally {
      await app.close();
    }
  });
});
