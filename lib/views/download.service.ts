import { BadGatewayException, ForbiddenException, HttpException, Inject, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { DOWNLOAD_CONFIG, DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { DownloadFile } from '../files/download.file';
import { HttpFile } from '../files/http.file';
import type { DownloadContext } from '../interfaces/download-context.interface';
import type { DownloadModuleOptions } from '../interfaces/download-module-options.interface';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import type { DownloadRequestInfo } from '../interfaces/file-stat.interface';
import { OFFLOAD_RULES_METADATA } from '../optimizations/offload.constants';
import type { CompiledOffloadRule } from '../optimizations/offload-rules';
import { OffloadService } from '../optimizations/offload.service';
import { DownloadResponse } from '../response/download.response';
import { DownloadResponseWriter } from '../response/download-response.writer';
import { ObjectDownloadExplorer } from '../typeorm/object-download.explorer';
import { isForbiddenError, isNotFoundError } from '../utils/fs-errors.util';
import { type RawHttp, rawHttpOf, takeOverResponse } from '../utils/http-context.util';
import type { DownloadCall } from './download-call.interface';
import { CallDownloadContext } from './call-download.context';

/** What a route needs on every request, read from its metadata once. */
interface RouteSettings {
  options: DownloadOptions;
  /** `@XAccelRedirect()` / `@XSendfile()` rules: the handler's, then the controller's. */
  rules: CompiledOffloadRule[];
}

/**
 * Turns what a `@Download()` handler returns into the answer: a streamed
 * download (Range, conditional GET, HEAD) or, where a rule matches, an
 * empty answer that tells the reverse proxy to send the file. The
 * decorator calls it from the handler itself, so routes pay nothing for it
 * but their own answer (no interceptor runs on every route of the app).
 *
 * Protected hooks let a subclass change one step: `toFile()`,
 * `createResponse()`, `serve()`, `offload()`. Install a subclass with
 * `DownloadModule.forRoot({ service: MyDownloadService })`.
 */
@Injectable()
export class DownloadService {
  protected readonly logger = new Logger('Download');
  protected readonly writer = new DownloadResponseWriter();
  private readonly routes = new WeakMap<object, RouteSettings>();

  /** Looks up the entities of `@ObjectDownload()` routes (property-injected, see lib/typeorm). */
  @Optional() @Inject(ObjectDownloadExplorer) protected readonly objectDownloads?: ObjectDownloadExplorer;

  constructor(
    @Inject(DOWNLOAD_CONFIG) protected readonly config: DownloadModuleOptions,
    @Optional() protected readonly offloads?: OffloadService,
  ) {}

  /**
   * Serves `result` (a wrapper, or a Promise of one) for one call of a
   * `@Download()` handler; settles once the answer is over, and answers the
   * file it served. Errors before the headers reject (Nest's exception
   * filters answer them: 404, 403...); after them, the connection is cut.
   */
  async respond(result: unknown, call: DownloadCall): Promise<DownloadFile> {
    const download = this.createContext(call);
    const file = await this.toFile(isThenable(result) ? await result : result, download);
    if (!file) throw new NotFoundException();
    try {
      await this.serve(this.createResponse(file, download.options), download);
    } catch (err) {
      throw this.toHttpError(err, download.http, file);
    } finally {
      await file.dispose();
    }
    return file;
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
    const { http } = download;
    const request: DownloadRequestInfo = {
      method: http.req.method ?? 'GET',
      headers: http.req.headers,
      signal: download.signal,
    };
    const prepared = await response.prepare(request);
    // Fastify's reply is hijacked only once the body is open (a failed open still gets Nest's 404).
    await this.writer.write(prepared, response.file, http.req, http.res, download.signal, () => takeOverResponse(http));
  }

  /**
   * Answers with an empty response that tells the reverse proxy to send the
   * file, when an offload rule matches; answers whether it did.
   */
  protected async offload(response: DownloadResponse, download: DownloadContext): Promise<boolean> {
    if (!this.offloads || download.options.offload === false) return false;
    const { rules } = this.routeSettings(download.handler, download.controller);
    const proxied = await this.offloads.createResponse(response, rules);
    if (!proxied) return false;
    takeOverResponse(download.http);
    proxied.write(download.http.res);
    return true;
  }

  /** The context of one call; the execution context and the signal are made on first use. */
  protected createContext(call: DownloadCall): DownloadContext {
    const options = this.routeSettings(call.handler, call.controller).options;
    return new CallDownloadContext(options, rawHttpOf(call.request, call.response), call);
  }

  /** The route's options (over the module's defaults) and rules, read once per handler. */
  private routeSettings(handler: object, controller: object): RouteSettings {
    let settings = this.routes.get(handler);
    if (!settings) {
      const own: DownloadOptions = Reflect.getMetadata(DOWNLOAD_OPTIONS_METADATA, handler) ?? {};
      const rules = [handler, controller].flatMap(
        (target): CompiledOffloadRule[] => Reflect.getMetadata(OFFLOAD_RULES_METADATA, target) ?? [],
      );
      settings = { options: { ...this.config.defaults, ...own }, rules };
      this.routes.set(handler, settings);
    }
    return settings;
  }

  /** Errors before the headers: file-system ones become 404 / 403, a failed remote body 502; after them, the connection is cut. */
  private toHttpError(err: unknown, http: RawHttp, file: DownloadFile): unknown {
    if (http.res.headersSent) {
      this.logger.error(`Download failed after the headers were sent: ${(err as Error)?.message}`);
      http.res.destroy();
      return err;
    }
    if (err instanceof HttpException) return err;
    // A remote body that failed before its first byte: the origin's fault, not ours.
    if (file instanceof HttpFile) return new BadGatewayException('Remote server failed while sending the file');
    if (isNotFoundError(err)) return new NotFoundException();
    if (isForbiddenError(err)) return new ForbiddenException();
    return err;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}
