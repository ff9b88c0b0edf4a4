import { CacheInterceptor, CacheModule } from '@nestjs/cache-manager';
import {
  type CallHandler,
  type CanActivate,
  ClassSerializerInterceptor,
  Controller,
  DefaultValuePipe,
  type ExecutionContext,
  Get,
  Header,
  Injectable,
  type ModuleMetadata,
  type NestInterceptor,
  Param,
  ParseIntPipe,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Exclude } from 'class-transformer';
import { Download, DownloadModule, PathFile, VirtualFile } from 'nestjs-downloadview';

/** How the suite installs ClassSerializerInterceptor and CacheInterceptor. */
export type GlobalInterceptors = 'APP_INTERCEPTOR' | 'useGlobalInterceptors';

@Injectable()
class DenyGuard implements CanActivate {
  canActivate() {
    return false;
  }
}

@Injectable()
class AllowGuard implements CanActivate {
  canActivate() {
    return true;
  }
}

/** Sets a cookie and a header through the adapter's own response object, before the handler. */
@Injectable()
class CookieInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const res = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    res.header('Set-Cookie', 'session=abc123; Path=/; HttpOnly');
    res.header('X-Request-Tag', 'tagged');
    return next.handle();
  }
}

export class UserDto {
  name = 'ada';
  @Exclude() password = 'secret';
}

export function interceptorsApp(root: string, mode: GlobalInterceptors): ModuleMetadata {
  @Controller('dl')
  class DownloadsController {
    @Get('guarded')
    @UseGuards(DenyGuard)
    @Download()
    guarded() {
      return new PathFile('hello.txt', { root });
    }

    @Get('allowed')
    @UseGuards(AllowGuard)
    @Download()
    allowed() {
      return new PathFile('hello.txt', { root });
    }

    @Get('by-id/:id')
    @Download()
    byId(@Param('id', ParseIntPipe) id: number) {
      return new VirtualFile(`file number ${id}\n`, { name: `file-${id}.txt` });
    }

    @Get('query')
    @Download()
    byQuery(@Query('name', new DefaultValuePipe('hello.txt')) name: string) {
      return new PathFile(name, { root });
    }

    @Get('inline')
    @Download({ attachment: false })
    inline() {
      return new PathFile('hello.txt', { root });
    }

    @Get('options')
    @Download({ basename: 'renamed.dat', mimetype: 'text/x-custom', charset: 'iso-8859-1', cacheControl: 'public, max-age=3600' })
    options() {
      return new PathFile('hello.txt', { root });
    }

    @Get('encoded')
    @Download({ encoding: 'gzip', basename: 'pretend.txt' })
    encoded() {
      return new PathFile('archive.tar.gz', { root });
    }

    @Get('wrapper-wins')
    @Download({ basename: 'decorator.txt', mimetype: 'text/html', charset: 'utf-16', encoding: 'br' })
    wrapperWins() {
      return new PathFile('hello.txt', { root, basename: 'wrapper.csv', mimetype: 'text/csv', charset: 'latin1', encoding: 'identity' });
    }

    @Get('headers')
    @Header('X-Custom', 'kept')
    @Header('Cache-Control', 'no-store')
    @UseInterceptors(CookieInterceptor)
    @Download()
    headers() {
      return new PathFile('hello.txt', { root });
    }

    @Get('json')
    json() {
      return new UserDto();
    }
  }

  const providers =
    mode === 'APP_INTERCEPTOR'
      ? [
          { provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor },
          { provide: APP_INTERCEPTOR, useClass: CacheInterceptor },
        ]
      : [];
  return {
    imports: [CacheModule.register(), DownloadModule.forRoot()],
    controllers: [DownloadsController],
    providers,
  };
}
