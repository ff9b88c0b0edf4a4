import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, Optional } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DOWNLOAD_INTERCEPTOR_SCOPE } from '../download.constants';
import { DownloadService } from '../views/download.service';
import { ServedDownload } from './served-download';

/** Set on the ExecutionContext of a request (one per request, shared by its interceptors) that the global interceptor serves. */
const SERVED_GLOBALLY = Symbol('nestjs-downloadview:served-globally');

/**
 * Converts what routes return into downloads (django-downloadview's
 * SmartDownloadMiddleware): a file wrapper, with or without `@Download()`,
 * or Nest's own StreamableFile over a local file or a Buffer, is handed to
 * DownloadService, which offloads it to the reverse proxy when a rule
 * matches or streams it with Range, conditional GET and HEAD. Anything else
 * passes through untouched.
 *
 * DownloadModule registers it globally. Each `@Download()` route also
 * applies it to itself: that one serves the route only when no global one
 * does (`DownloadModule.forRoot({ globalInterceptor: false })`).
 *
 * Interceptors inside it (the route's and the controller's, and global ones
 * registered after it) see the file wrapper and may replace it; those
 * outside see a ServedDownload once the answer is over.
 */
@Injectable()
export class DownloadInterceptor implements NestInterceptor {
  private readonly global: boolean;

  constructor(
    @Optional() protected readonly downloads?: DownloadService,
    @Optional() @Inject(DOWNLOAD_INTERCEPTOR_SCOPE) scope?: 'global' | 'route',
  ) {
    this.global = scope === 'global';
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const downloads = this.downloads;
    if (!this.global) {
      // A route's own: the global one serves it, or nothing can.
      if ((context as { [SERVED_GLOBALLY]?: true })[SERVED_GLOBALLY]) return next.handle();
      if (!downloads) {
        const name = `${context.getClass().name}.${context.getHandler().name}`;
        throw new Error(`${name} is a @Download() route but no DownloadModule serves it: import DownloadModule.forRoot()`);
      }
    }
    const route = downloads!.route(context);
    if (route.download && this.global) (context as { [SERVED_GLOBALLY]?: true })[SERVED_GLOBALLY] = true;
    return new Observable((subscriber) => {
      let serving = false;
      return next.handle().subscribe({
        next(result) {
          if (serving || !downloads!.accepts(result, route)) return subscriber.next(result);
          serving = true;
          downloads!.respond(result, context, route).then(
            (file) => {
              subscriber.next(new ServedDownload(file));
              subscriber.complete();
            },
            (err: unknown) => subscriber.error(err),
          );
        },
        error: (err: unknown) => subscriber.error(err),
        complete() {
          if (!serving) subscriber.complete();
        },
      });
    });
  }
}
