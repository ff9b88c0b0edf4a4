import {
  type CallHandler,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, mergeMap } from 'rxjs';
import { DOWNLOAD_CONFIG, DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { DownloadFile } from '../files/download.file';
import type { DownloadModuleOptions } from '../interfaces/download-module-options.interface';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import type { DownloadContext } from '../interfaces/download-context.interface';
import type { DownloadRequestInfo } from '../interfaces/file-stat.interface';
import { DownloadResponse } from '../response/download.response';
import { DownloadResponseWriter } from '../response/download-response.writer';
import { OFFLOAD_RULES_METADATA } from '../optimizations/offload.constants';
import type { CompiledOffloadRule } from '../optimizations/offload-rules';
import { OffloadService } from '../optimizations/offload.service';
import { ObjectDownloadExplorer } from '../typeorm/object-download.explorer';
import { isForbiddenError, isNotFoundError } from '../utils/fs-errors.util';
import { type RawHttp, rawHttp, takeOverResponse } from '../utils/http-context.util';

/**
 * Turns what a `@Download()` handler returns into the answer: a streamed
 * download (Range, conditional GET, HEAD) or, where a rule matches, an
 * empty answer that tells the reverse proxy to send the file. Registered
 * globally by DownloadModule; handlers without `@Download()` pass through.
 *
 * Protected hooks let a subclass change one step: `toFile()`,
 * `createResponse()`, `serve()`.
 */
@Injectable()
export class DownloadInterceptor implements NestInterceptor {
  protected readonly logger = new Logger('Download');
  protected readonly writer = new DownloadResponseWriter();

  /** Looks up the entities of `@ObjectDownload()` routes (property-injected, see lib/typeorm). */
  @Optional() @Inject(ObjectDownloadExplorer) protected readonly objectDownloads?: ObjectDownloadExplorer;

  constructor(
    protected readonly reflector: Reflector,
    @Inject(DOWNLOAD_CONFIG) protected readonly config: DownloadModuleOptions,
    @Optional() protected readonly offloads?: OffloadService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const options = this.reflector.get<DownloadOptions | undefined>(
      DOWNLOAD_OPTIONS_METADATA,
      context.getHandler(),
    );
    if (!options) return next.handle();
    const merged = { ...this.config.defaults, ...options };
    return next.handle().pipe(mergeMap((result) => this.download(result, merged, context)));
  }

  /** Serves `result`; emits once the answer is over, aborts it when unsubscribed. */
  protected download(result: unknown, options: DownloadOptions, context: ExecutionContext): Observable<undefined> {
    return new Observable<undefined>((subscriber) => {
      // Made on first use: an offloaded answer never needs one (5 µs of a 13 B answer).
      let abort: AbortController | undefined;
      const download: DownloadContext = {
        options,
        http: rawHttp(context),
        execution: context,
        get signal() {
          return (abort ??= new AbortController()).signal;
        },
      };
      let settled = false;
      this.handle(result, download).then(
        () => {
          settled = true;
          subscriber.next(undefined);
          subscriber.complete();
        },
        (err: unknown) => {
          settled = true;
          subscriber.error(err);
        },
      );
      // Only an answer still running is aborted: abort() builds a DOMException
      // with a stack trace, a cost every request paid on completion.
      return () => {
        if (!settled) abort?.abort();
      };
    });
  }

  private async handle(result: unknown, download: DownloadContext) {
    const file = await this.toFile(result, download);
    if (!file) throw new NotFoundException();
    try {
      await this.serve(this.createResponse(file, download.options), download);
    } catch (err) {
      throw this.toHttpError(err, download.http);
    } finally {
      await file.dispose();
    }
  }

  /**
   * The file wrapper to serve: the handler's result itself, or `null` for
   * 404. Override to accept other results (an entity, a path string).
   */
  protected async toFile(result: unknown, download: DownloadContext): Promise<DownloadFile | null> {
    // @ObjectDownload() routes: the file of an entity (lib/typeorm).
    if (this.objectDownloads?.handles(download)) return this.objectDownloads.toFile(result, download);
    if (result === null || result === undefined) return null;
    if (result instanceof DownloadFile) return result;
    const field = download.options.fileField;
    if (field && typeof result === 'object' && field in result) {
      const value = (result as Record<string, unknown>)[field];
      if (value === null || value === undefined || value === '') return null;
      if (value instanceof DownloadFile) return value;
    }
    throw new TypeError(
      `A @Download() handler must return a file wrapper (PathFile, StorageFile, HttpFile, VirtualFile...), got ${describe(result)}`,
    );
  }

  /** Builds the DownloadResponse for a file; override to use a subclass. */
  protected createResponse(file: DownloadFile, options: DownloadOptions): DownloadResponse {
    return new DownloadResponse(file, { ...options, maxRanges: this.config.maxRanges });
  }

  /** Offloads the answer to the reverse proxy, or decides it and streams it. */
  protected async serve(response: DownloadResponse, download: DownloadContext): Promise<void> {
    if (await this.offload(response, download)) return;
    const { http, signal } = download;
    const request: DownloadRequestInfo = {
      method: http.req.method ?? 'GET',
      headers: http.req.headers,
      signal,
    };
    const prepared = await response.prepare(request);
    // Fastify's reply is hijacked only once the body is open (a failed open still gets Nest's 404).
    await this.writer.write(prepared, response.file, http.req, http.res, signal, () => takeOverResponse(http));
  }

  /**
   * Answers with an empty response that tells the reverse proxy to send the
   * file, when an offload rule matches; answers whether it did.
   */
  protected async offload(response: DownloadResponse, download: DownloadContext): Promise<boolean> {
    if (!this.offloads || download.options.offload === false) return false;
    const { execution, http } = download;
    // Route rules (@XAccelRedirect / @XSendfile): the handler's, then the controller's.
    const routeRules = this.reflector.getAllAndMerge<CompiledOffloadRule[]>(OFFLOAD_RULES_METADATA, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    const proxied = await this.offloads.createResponse(response, routeRules);
    if (!proxied) return false;
    takeOverResponse(http);
    proxied.write(http.res);
    return true;
  }

  /** File-system errors before the headers become 404 / 403; after them, the connection is cut. */
  private toHttpError(err: unknown, http: RawHttp): unknown {
    if (http.res.headersSent) {
      this.logger.error(`Download failed after the headers were sent: ${(err as Error)?.message}`);
      http.res.destroy();
      return err;
    }
    if (err instanceof HttpException) return err;
    if (isNotFoundError(err)) return new NotFoundException();
    if (isForbiddenError(err)) return new ForbiddenException();
    return err;
  }
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}
