import { PathFile } from '../files/path.file';

/** Options of `sendfile()`, named after django-sendfile's arguments. */
export interface SendfileOptions {
  /** `true` makes browsers save the file; default `false` (shown inline), as in django-sendfile. */
  attachment?: boolean;
  /** The file name the client sees (default: the path's basename). */
  attachmentFilename?: string;
  /** MIME type (default: looked up from the file name). */
  mimetype?: string;
  /**
   * Content-Encoding of the file as stored (e.g. `gzip`). Such a file is
   * always streamed by the application: proxies drop or mangle the header.
   */
  encoding?: string;
  /**
   * Folder the path is resolved in (django-sendfile's SENDFILE_ROOT): the path
   * is then a relative, user-supplied name, and anything that would leave the
   * folder answers 404.
   */
  root?: string;
}

/**
 * django-sendfile's `sendfile()`: the file at `filePath`, for a `@Download()`
 * handler to return. It is a PathFile, so the module's `sourceDir` offload
 * rules apply: behind nginx, Apache or lighttpd the proxy sends it; without a
 * matching rule the application streams it (Range, conditional GET, HEAD).
 *
 * @see docs/sendfile.md
 * @example
 * @Get('invoices/:id') @Download()
 * async invoice(@Param('id') id: string) {
 *   return sendfile(`${id}.pdf`, { root: INVOICES_DIR, attachment: true, attachmentFilename: `invoice-${id}.pdf` });
 * }
 */
export function sendfile(filePath: string | readonly string[], options: SendfileOptions = {}): PathFile {
  return new PathFile(filePath, {
    root: options.root,
    basename: options.attachmentFilename,
    mimetype: options.mimetype,
    encoding: options.encoding,
    attachment: options.attachment ?? false,
  });
}
