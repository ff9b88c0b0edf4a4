import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { Download } from '../decorators/download.decorator';
import { DOWNLOAD_CONFIG } from '../download.constants';
import { DownloadModule } from '../download.module';
import type { DownloadModuleOptions } from '../download-module-options.interface';
import { FileSystemStorage } from '../storage/file-system.storage';
import { StorageService } from '../storage/storage.service';
import { assertDownloadResponse } from './assert-download-response';
import { createDownloadTestingModule } from './download-testing-module';
import { temporaryMediaRoot, type TemporaryMediaRoot } from './temporary-media-root';

@Controller()
class HelloController {
  constructor(private readonly storage: StorageService) {}

  @Get('hello')
  @Download()
  hello() {
    return this.storage.file('hello-world.txt');
  }
}

/** An app that configures DownloadModule itself, as AppModule does. */
@Module({
  imports: [DownloadModule.forRoot({ storage: new FileSystemStorage({ location: '/nonexistent/media' }), maxRanges: 4 })],
  controllers: [HelloController],
})
class ProductionLikeModule {}

@Module({
  imports: [
    DownloadModule.forRootAsync({
      useFactory: async () => ({ storage: new FileSystemStorage({ location: '/nonexistent/async' }) }),
    }),
  ],
  controllers: [HelloController],
})
class AsyncConfiguredModule {}

describe('createDownloadTestingModule', () => {
  let media: TemporaryMediaRoot;
  beforeEach(() => (media = temporaryMediaRoot({ files: { 'hello-world.txt': 'Hello world!\n' } })));
  afterEach(() => media.cleanup());

  it('adds DownloadModule.forRoot(download) for a controller under test', async () => {
    const moduleRef = await createDownloadTestingModule({
      controllers: [HelloController],
      download: { storage: media.storage },
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    try {
      assertDownloadResponse(await request(app.getHttpServer()).get('/hello'), {
        content: 'Hello world!\n',
        basename: 'hello-world.txt',
      });
    } finally {
      await app.close();
    }
  });

  it.each([
    ['forRoot', ProductionLikeModule],
    ['forRootAsync', AsyncConfiguredModule],
  ])('replaces the storage an app configured with %s, keeping its other options', async (_how, AppModule) => {
    const moduleRef = await createDownloadTestingModule({ imports: [AppModule], storage: media.storage }).compile();
    expect(moduleRef.get(StorageService).storage).toBe(media.storage);
    const config = moduleRef.get<DownloadModuleOptions>(DOWNLOAD_CONFIG);
    expect(config.maxRanges).toBe(AppModule === ProductionLikeModule ? 4 : 32);
    await moduleRef.close();
  });

  it('replaces the rules and any other option', async () => {
    const rules = [{ sourceDir: media.location, destinationUrl: '/protected/' }];
    const moduleRef = await createDownloadTestingModule({
      imports: [ProductionLikeModule],
      backend: 'nginx',
      rules,
      override: { maxRanges: 1 },
    }).compile();
    const config = moduleRef.get<DownloadModuleOptions>(DOWNLOAD_CONFIG);
    expect(config).toMatchObject({ backend: 'nginx', rules, maxRanges: 1 });
    await moduleRef.close();
  });

  it('validates the replaced options as start-up does', async () => {
    await expect(
      createDownloadTestingModule({ imports: [ProductionLikeModule], override: { maxRanges: 0 } }).compile(),
    ).rejects.toThrow('maxRanges must be a whole number >= 1, got 0');
  });
});
