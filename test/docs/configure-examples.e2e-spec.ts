import { Controller, Get, Injectable, Module, type ModuleMetadata, Scope } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import {
  Download,
  DownloadModule,
  type DownloadModuleOptions,
  FileSystemStorage,
  PathFile,
  type Storage,
  StorageService,
} from 'nestjs-downloadview';
import { MEDIA_ROOT } from '../../sample/sample.paths';
import { StorageModule } from '../../sample/storage/storage.module';
import { rawRequest } from '../proxies/http-client';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

/*
 * The configurations docs/configure.md quotes, each proved to work: the
 * docs:start / docs:end regions below are what the page shows.
 */

// docs:start for-root
@Module({
  imports: [
    DownloadModule.forRoot({
      storage: new FileSystemStorage({ location: MEDIA_ROOT, baseUrl: '/media/' }),
    }),
    StorageModule,
  ],
})
class RootAppModule {}
// docs:end for-root

// docs:start use-factory
@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ MEDIA_ROOT })] }),
    DownloadModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService): DownloadModuleOptions => ({
        storage: new FileSystemStorage({ location: config.getOrThrow<string>('MEDIA_ROOT'), baseUrl: '/media/' }),
        defaults: { cacheControl: 'private, max-age=60' },
      }),
    }),
    StorageModule,
  ],
})
class FactoryAppModule {}
// docs:end use-factory

// docs:start use-class
@Injectable()
class DownloadConfig {
  create(): DownloadModuleOptions {
    return { storage: new FileSystemStorage({ location: MEDIA_ROOT }), maxRanges: 8 };
  }
}

@Module({
  imports: [DownloadModule.forRootAsync({ useClass: DownloadConfig }), StorageModule],
})
class ClassAppModule {}
// docs:end use-class

// docs:start use-existing
@Module({ providers: [DownloadConfig], exports: [DownloadConfig] })
class SettingsModule {}

@Module({
  imports: [DownloadModule.forRootAsync({ imports: [SettingsModule], useExisting: DownloadConfig }), StorageModule],
})
class ExistingAppModule {}
// docs:end use-existing

@Controller('local')
class LocalController {
  @Get('hello')
  @Download()
  hello() {
    return new PathFile('hello-world.txt', { root: MEDIA_ROOT });
  }
}

/** Made per request: not there when the app starts, so it cannot be handed the service then. */
@Controller({ path: 'scoped', scope: Scope.REQUEST })
class RequestScopedController {
  @Get('hello')
  @Download()
  hello() {
    return new PathFile('hello-world.txt', { root: MEDIA_ROOT });
  }
}

@Module({ controllers: [LocalController, RequestScopedController] })
class FeatureModule {}

// docs:start not-global
@Module({
  imports: [DownloadModule.forRoot({ isGlobal: false, storage: new FileSystemStorage({ location: MEDIA_ROOT }) }), FeatureModule],
})
class NotGlobalAppModule {}
// docs:end not-global

describe.each(ADAPTERS)('DownloadModule configurations on %s', (adapter) => {
  async function fetchWith(metadata: ModuleMetadata, url: string) {
    const app = await createTestApp(adapter, metadata);
    try {
      return await rawRequest((await appUrl(app)) + url);
    } finally {
      await app.close();
    }
  }

  it('forRoot serves the storage given in its options', async () => {
    const res = await fetchWith({ imports: [RootAppModule] }, '/storage/files/hello-world.txt');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('Hello world!\n');
  });

  it('forRootAsync useFactory builds the storage from ConfigService and applies defaults', async () => {
    const res = await fetchWith({ imports: [FactoryAppModule] }, '/storage/files/hello-world.txt');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('Hello world!\n');
    expect(res.headers['cache-control']).toBe('private, max-age=60');
  });

  it('forRootAsync useClass reads the options from the class create()', async () => {
    const res = await fetchWith({ imports: [ClassAppModule] }, '/storage/files/hello-world.txt');
    expect(res.body.toString()).toBe('Hello world!\n');
  });

  it('forRootAsync useExisting reuses a provider of an imported module', async () => {
    const res = await fetchWith({ imports: [ExistingAppModule] }, '/storage/files/hello-world.txt');
    expect(res.body.toString()).toBe('Hello world!\n');
  });

  it('isGlobal: false still serves @Download() routes of modules that do not import it', async () => {
    const res = await fetchWith({ imports: [NotGlobalAppModule] }, '/local/hello');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
  });

  it('isGlobal: false serves request-scoped controllers of such modules too', async () => {
    const res = await fetchWith({ imports: [NotGlobalAppModule] }, '/scoped/hello');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('Hello world!\n');
  });
});

describe('DownloadModule configuration errors', () => {
  it('keeps StorageService to the importing module when isGlobal is false', async () => {
    @Module({ imports: [StorageModule] })
    class Feature {}
    const compiling = Test.createTestingModule({
      imports: [DownloadModule.forRoot({ isGlobal: false, storage: new FileSystemStorage({ location: MEDIA_ROOT }) }), Feature],
    }).compile();
    await expect(compiling).rejects.toThrow(/can't resolve dependencies of the StorageController \(\?\)/);
  });

  it('lists every problem of the options in one start-up error', async () => {
    // docs:start validation
    const compiling = Test.createTestingModule({
      imports: [DownloadModule.forRoot({ storage: {} as Storage, maxRanges: 0 })],
    }).compile();
    await expect(compiling).rejects.toThrow(
      'DownloadModule: invalid options:\n' +
        '- storage must implement Storage; missing: exists, stat, open, url, path, save, delete, list\n' +
        '- maxRanges must be a whole number >= 1, got 0',
    );
    // docs:end validation
  });

  it('answers a missing storage with an error naming the option, on first use', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DownloadModule.forRoot({})] }).compile();
    expect(() => moduleRef.get(StorageService).file('x.txt')).toThrow(/No storage configured: pass `storage`/);
  });
});
