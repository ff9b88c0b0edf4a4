import {
  BadGatewayException,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
  StreamableFile,
} from '@nestjs/common';
import { DOWNLOAD_CONFIG, DOWNLOAD_FILE_RESOLVERS, DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { DownloadFile } from '../files/download.file';
import { HttpFile } from '../files/http.file';
import { fileOfStreamable, isServableStreamable } from '../files/streamable.util';
import type { DownloadContext } from './download-context.interface';
import type { DownloadModuleOptions } from '../download-module-options.interface';
import type { DownloadOptions } from '../interfaces/download-options.interface';
import type { DownloadRequestInfo } from '../interfaces/file-stat.interface';
import { OFFLOAD_RULES_METADATA } from '../optimizations/offload.constants';
import type { CompiledOffloadRule } from '../optimizations/offload-rules';
import { OffloadService } from '../optimizations/offload.service';
import { DownloadResponse, type DownloadResponseOptions } from '../response/download.response';
import { DownloadResponseWriter } from '../response/download-response.writer';
import { isForbiddenError, isNotFoundError } from '../utils/fs-errors.util';
import { RequestDownloadContext } from './download.context';
import type { FileResolver } from './file-resolver.interface';

/** What the engine knows of a route, read from its metadata once. */
export interface DownloadRoute {
  /** Whether the handler carries `@Download()`: everything it returns is served. */
  readonly download: boolean;
  /** `@Download()` options over the module's defaults. */
  readonly options: DownloadOptions;
  /** The options a DownloadResponse of this route gets (`maxRanges` added). */
  readonly responseOptions: DownloadResponseOptions;
  /** `@XAccelRedirect()` / `@XSendfile()` rules: the handler's, then the controller's. */
  readonly rules: readonly CompiledOffloadRule[];
}

/**
 * The download engine: turns what a route returns into the answer, a
 * streamed download (Range, conditional GET, HEAD, RFC 6266 names) or,
 * where a rule matches, an empty answer that tells the reverse proxy to
 * send the file. DownloadInterceptor feeds it; nothing else answers.
 *
 * Protected hooks let a subclass change one step: `toFile()`,
 * `createResponse()`, `serve()`, `offload()`, `createContext()`. Install a
 * subclass with `DownloadModule.forRoot({ service: MyDownloadService })`.
 */
@Injectable()
export class DownloadService {
  protected readonly logger = new Logger('Download');
  protected readonly writer = new DownloadResponseWriter();
  private readonly routes = new WeakMap<object, DownloadRoute>();

  constructor(
    @Inject(DOWNLOAD_CONFIG) protected readonly config: DownloadModuleOptions,
    @Optional() protected readonly offloads?: OffloadService,
    @Optional() @Inject(DOWNLOAD_FILE_RESOLVERS) protected readonly resolvers: readonly FileResolver[] = [],
  ) {}

  /** The route of an execution context, read from its metadata on the first request only. */
  route(context: ExecutionContext): DownloadRoute {
    const handler = context.getHandler();
    return this.routes.get(handler) ?? this.readRoute(handler, context.getClass());
  }

  /**
   * Whether the engine serves `result` on `route`: anything a `@Download()`
   * route returns; elsewhere a file wrapper, or a StreamableFile over a whole
   * local file or a Buffer. Everything else is left to Nest.
   */
  accepts(result: unknown, route: DownloadRoute): boolean {
    if (route.download) return true;
    if (!(result instanceof StreamableFile)) return false;
    return result instanceof DownloadFile || isServableStreamable(result);
  }

  /**
   * Serves `result` (a wrapper, or what a resolver turns into one) for one
   * request; settles once the answer is over, with the file it served.
   * Errors before the headers reject (Nest's exception filters answer
   * them: 404, 403, 502...); after them, the connection is cut.
   */
  async respond(result: unknown, context: ExecutionContext, route: DownloadRoute = this.route(context)): Promise<DownloadFile> {
    const download = this.createContext(context, route);
    const file = await this.toFile(result, download);
    if (!file) throw new NotFoundException();
    try {
      await this.serve(this.createResponse(file, route.responseOptions), download, route);
    } catch (err) {
      throw this.toHttpError(err, download, file);
    } finally {
      await file.dispose();
    }
    return file;
  }

  /**
   * The file wrapper to serve, or `null` for 404: what a resolver answers
   * for the route, the result itself, the file of a StreamableFile, or the
   * `fileField` of an object. Override to accept other results.
   */
  protected async toFile(result: unknown, download: DownloadContext): Promise<DownloadFile | null> {
    for (const resolver of this.resolvers) {
      if (resolver.handles(download)) return resolver.toFile(result, download);
    }
    if (result === null || result === undefined) return null;
    if (result instanceof StreamableFile) {
      const file = fileOfStreamable(result);
      if (file) return file;
    }
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

  /** Builds the DownloadResponse for a file (`options`: the route's, `maxRanges` included); override to use a subclass. */
  protected createResponse(file: DownloadFile, options: DownloadResponseOptions): DownloadResponse {
    return new DownloadResponse(file, options);
  }

  /** Offloads the answer to the reverse proxy, or decides it and streams it. */
  protected async serve(response: DownloadResponse, download: DownloadContext, route: DownloadRoute): Promise<void> {
    if (await this.offload(response, download, route)) return;
    const { http } = download;
    const request: DownloadRequestInfo = {
      method: http.req.method ?? 'GET',
      headers: http.req.headers,
      signal: download.signal,
    };
    const prepared = await response.prepare(request);
    await this.writer.write(prepared, response.file, http, download.signal);
  }

  /**
   * Answers with an empty response that tells the reverse proxy to send the
   * file, when an offload rule matches; answers whether it did.
   */
  protected async offload(response: DownloadResponse, download: DownloadContext, route: DownloadRoute): Promise<boolean> {
    if (!this.offloads || download.options.offload === false) return false;
    const proxied = await this.offloads.createResponse(response, route.rules);
    if (!proxied) return false;
    this.writer.writeProxied(proxied, download.http);
    return true;
  }

  /** The context of one download; its abort signal is made on first use. */
  protected createContext(context: ExecutionContext, route: DownloadRoute): DownloadContext {
    return new RequestDownloadContext(route.options, context);
  }

  private readRoute(handler: object, controller: object): DownloadRoute {
    const own: DownloadOptions | undefined = Reflect.getMetadata(DOWNLOAD_OPTIONS_METADATA, handler);
    const rules = [handler, controller].flatMap(
      (target): CompiledOffloadRule[] => Reflect.getMetadata(OFFLOAD_RULES_METADATA, target) ?? [],
    );
    const options = { ...this.config.defaults, ...own };
    const responseOptions = { ...options, maxRanges: this.config.maxRanges };
    const route: DownloadRoute = { download: own !== undefined, options, responseOptions, rules };
    this.routes.set(handler, route);
    return route;
  }

  /** Errors before the headers: file-system ones become 404 / 403, a failed remote body 502; after them, the connection is cut. */
  private toHttpError(err: unknown, download: DownloadContext, file: DownloadFile): unknown {
    const { res } = download.http;
    if (res.headersSent) {
      this.logger.error(`Download failed after the headers were sent: ${(err as Error)?.message}`);
      res.destroy();
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

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}
