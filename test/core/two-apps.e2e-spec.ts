import { Controller, Get, Inject, type INestApplication, Param } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Download, DownloadModule, type DownloadModuleOptions, FileSystemStorage, PathFile, StorageFile, StorageService } from 'nestjs-downloadview';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';
import { binaryBody } from './support/binary-body';

/** The folder both apps serve PathFiles from; each app has its own offload rule over it. */
const SHARED_DIR = Symbol('SHARED_DIR');

/** One controller class mounted in both apps: each must answer with its own module's storage, rules and defaults. */
@Controller('files')
class FilesController {
  constructor(
    private readonly storage: StorageService,
    @Inject(SHARED_DIR) private readonly shared: string,
  ) {}

  @Get('storage/:name')
  @Download()
  fromStorage(@Param('name') name: string) {
    return this.storage.file(name);
  }

  @Get('storage-plain/:name')
  fromStoragePlain(@Param('name') name: string) {
    return new StorageFile(this.storage.storage, name);
  }

  @Get('shared/:name')
  @Download()
  shared_(@Param('name') name: string) {
    return new PathFile(name, { root: this.shared });
  }

  @Get('shared-plain/:name')
  sharedPlain(@Param('name') name: string) {
    return new PathFile(name, { root: this.shared });
  }
}

describe.each(ADAPTERS)('two Nest apps in one process with different DownloadModule options (%s)', (adapter) => {
  let base: string;
  let dirA: string;
  let dirB: string;
  let shared: string;
  let appA: INestApplication | undefined;
  let appB: INestApplication | undefined;

  const start = (options: DownloadModuleOptions) =>
    createTestApp(adapter, {
      imports: [DownloadModule.forRoot(options)],
      controllers: [FilesController],
      providers: [{ provide: SHARED_DIR, useValue: shared }],
    });
  const get = (app: INestApplication | undefined, url: string, headers: Record<string, string> = {}) =>
    request(app!.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'ndv-two-apps-'));
    dirA = join(base, 'storage-a');
    dirB = join(base, 'storage-b');
    shared = join(base, 'shared');
    for (const dir of [dirA, dirB, shared]) mkdirSync(dir);
    writeFileSync(join(dirA, 'same.txt'), 'content of storage A\n');
    writeFileSync(join(dirB, 'same.txt'), 'storage B has other bytes, and more of them\n');
    writeFileSync(join(dirA, 'only-a.txt'), 'only in A\n');
    writeFileSync(join(shared, 'off.txt'), 'offloaded or not\n');

    // Started together, both alive at the same time.
    [appA, appB] = await Promise.all([
      start({
        storage: new FileSystemStorage({ location: dirA }),
        backend: 'nginx',
        rules: [{ sourceDir: shared, destinationUrl: '/protected-a/' }],
        defaults: { attachment: false, cacheControl: 'private, max-age=60' },
      }),
      start({
        storage: new FileSystemStorage({ location: dirB }),
        rules: [{ backend: 'apache', sourceDir: shared }],
        defaults: { basename: 'from-b.txt' },
      }),
    ]);
  });
  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it.each(['storage', 'storage-plain'])('serves each app its own storage under the same name (%s)', async (route) => {
    const a = await get(appA, `/files/${route}/same.txt`).expect(200);
    const b = await get(appB, `/files/${route}/same.txt`).expect(200);
    expect(a.body.toString()).toBe('content of storage A\n');
    expect(b.body.toString()).toBe('storage B has other bytes, and more of them\n');
    expect(a.headers['content-length']).toBe('21');
    expect(b.headers['content-length']).toBe('44');
    const partB = await get(appB, `/files/${route}/same.txt`, { range: 'bytes=0-8' }).expect(206);
    expect(partB.body.toString()).toBe('storage B');
    await get(appA, `/files/${route}/only-a.txt`).expect(200);
    await get(appB, `/files/${route}/only-a.txt`).expect(404);
  });

  it("applies each app's own defaults", async () => {
    const a = await get(appA, '/files/storage/same.txt').expect(200);
    expect(a.headers['content-disposition']).toBe('inline; filename="same.txt"');
    expect(a.headers['cache-control']).toBe('private, max-age=60');
    const b = await get(appB, '/files/storage/same.txt').expect(200);
    expect(b.headers['content-disposition']).toBe('attachment; filename="from-b.txt"');
    expect(b.headers['cache-control']).not.toBe('private, max-age=60');
  });

  it.each(['shared', 'shared-plain'])("applies each app's own offload rule (%s)", async (route) => {
    const a = await get(appA, `/files/${route}/off.txt`).expect(200);
    expect(a.headers['x-accel-redirect']).toBe('/protected-a/off.txt');
    expect(a.headers['x-sendfile']).toBeUndefined();
    expect(a.headers['content-length']).toBe('0');
    expect(a.body.length).toBe(0);
    const b = await get(appB, `/files/${route}/off.txt`).expect(200);
    expect(b.headers['x-sendfile']).toBe(join(shared, 'off.txt'));
    expect(b.headers['x-accel-redirect']).toBeUndefined();
    expect(b.body.length).toBe(0);
  });

  it('returns the wrapper when a @Download() method is called directly', () => {
    const file = appB!.get(FilesController).fromStorage('same.txt');
    expect(file).toBeInstanceOf(StorageFile);
    expect(file.name).toBe('same.txt');
    expect((file.storage as FileSystemStorage).location).toBe(dirB);
    const shared_ = appA!.get(FilesController).shared_('off.txt');
    expect(shared_).toBeInstanceOf(PathFile);
  });

  it('keeps serving from one app once the other is closed', async () => {
    await appA!.close();
    appA = undefined;
    for (let i = 0; i < 2; i++) {
      const b = await get(appB, '/files/storage/same.txt').expect(200);
      expect(b.body.toString()).toBe('storage B has other bytes, and more of them\n');
      const off = await get(appB, '/files/shared-plain/off.txt').expect(200);
      expect(off.headers['x-sendfile']).toBe(join(shared, 'off.txt'));
    }
  });
});
