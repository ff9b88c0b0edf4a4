import type { DownloadFile } from '../files/download.file';
import type { DownloadContext } from './download-context.interface';

/**
 * Turns what some routes return into the file to serve: an entity, an id, a
 * record of your own. DownloadService asks each resolver in turn before its
 * own rules (a file wrapper, a StreamableFile, the `fileField` of an object).
 * Integrations plug in this way (the TypeORM one answers `@ObjectDownload()`
 * routes); register yours with `DownloadModule.forRoot({ resolvers: [MyResolver] })`.
 *
 * @example
 * @Injectable() class InvoiceResolver implements FileResolver {
 *   constructor(private readonly invoices: InvoiceStore) {}
 *   handles(download: DownloadContext) { return download.controller === InvoicesController; }
 *   toFile(result: unknown) { return this.invoices.pdfOf(result as Invoice); }
 * }
 */
export interface FileResolver {
  /** Whether this resolver answers the download's route; asked on every download, keep it cheap. */
  handles(download: DownloadContext): boolean;
  /** The file to serve for the handler's `result`, or `null` for 404. */
  toFile(result: unknown, download: DownloadContext): DownloadFile | null | Promise<DownloadFile | null>;
}
