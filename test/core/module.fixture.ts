import { Controller, Get, Injectable, Module, type ModuleMetadata, Param } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  Download,
  type DownloadModuleOptions,
  DownloadModule,
  FileSystemStorage,
  PathFile,
  StorageService,
} from 'nestjs-downloadview';

@Controller('storage')
class StorageController {
  constructor(private readonly storage: StorageService) {}

  @Get(':name')
  @Download()
  byName(@Param('name') name: string) {
    return this.storage.file(name);
  }
}

/** A feature module that injects StorageService without importing DownloadModule (isGlobal). */
@Module({ controllers: [StorageController] })
class FeatureModule {}

/** Options built by a class (useClass / useExisting); the media folder comes from config. */
@Injectable()
export class DownloadOptionsFactory {
  constructor(private readonly config: ConfigService) {}

  create(): DownloadModuleOptions {
    return {
      storage: new FileSystemStorage({ location: this.config.getOrThrow<string>('MEDIA_ROOT') }),
      defaults: { attachment: false, cacheControl: 'private' },
    };
  }
}

@Module({
  imports: [ConfigModule],
  providers: [DownloadOptionsFactory],
  exports: [DownloadOptionsFactory],
})
class OptionsModule {}

export type AsyncKind = 'useFactory' | 'useClass' | 'useExisting';

/** An app whose DownloadModule is configured through forRootAsync(`kind`). */
export function asyncModuleApp(mediaRoot: string, kind: AsyncKind): ModuleMetadata {
  const config = ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ MEDIA_ROOT: mediaRoot })] });
  const download =
    kind === 'useFactory'
      ? DownloadModule.forRootAsync({
          imports: [OptionsModule],
          inject: [ConfigService],
          useFactory: (cfg: ConfigService): DownloadModuleOptions => ({
            storage: new FileSystemStorage({ location: cfg.getOrThrow<string>('MEDIA_ROOT') }),
            defaults: { attachment: false, cacheControl: 'private' },
          }),
        })
      : kind === 'useClass'
        ? DownloadModule.forRootAsync({ useClass: DownloadOptionsFactory })
        : DownloadModule.forRootAsync({ imports: [OptionsModule], useExisting: DownloadOptionsFactory });
  return { imports: [config, download, FeatureModule] };
}

/** forRoot() with defaults that a decorator's own options override. */
export function defaultsApp(root: string): ModuleMetadata {
  @Controller('defaults')
  class DefaultsController {
    @Get('inherited')
    @Download()
    inherited() {
      return new PathFile('hello.txt', { root });
    }

    @Get('overridden')
    @Download({ attachment: true, cacheControl: 'no-store' })
    overridden() {
      return new PathFile('hello.txt', { root });
    }
  }

  return {
    imports: [DownloadModule.forRoot({ defaults: { attachment: false, cacheControl: 'public, max-age=60' } })],
    controllers: [DefaultsController],
  };
}

/** A module that is not global: StorageService is not visible to FeatureModule. */
export function localModuleApp(root: string): ModuleMetadata {
  return {
    imports: [DownloadModule.forRoot({ isGlobal: false, storage: new FileSystemStorage({ location: root }) }), FeatureModule],
  };
}
