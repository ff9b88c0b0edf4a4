import contentDisposition from 'content-disposition';
import { Expectations } from './download-assertion.error';
import { normaliseResponse, summarise, type NormalisedResponse, type TestResponse } from './test-response';

/** What `assertDownloadResponse()` checks; every key is optional. */
export interface DownloadResponseExpectations {
  /** The whole body: text (compared as UTF-8) or bytes. */
  content?: string | Buffer | Uint8Array;
  /** The file name in Content-Disposition (`filename*` decoded, else `filename`). */
  basename?: string;
  /** The whole Content-Type header, e.g. `text/plain; charset=utf-8`. */
  contentType?: string;
  /** The type part of Content-Type, without parameters, e.g. `text/plain`. */
  mimeType?: string;
  /** `true`: Content-Disposition `attachment`; `false`: `inline` (or none). */
  attachment?: boolean;
  /** The status code (default 200). */
  status?: number;
}

/** Content-Disposition read the way a browser does, or why it cannot be. */
export function readContentDisposition(
  value: string | undefined,
): { type: string; filename?: string } | { error: string } | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = contentDisposition.parse(value);
    return { type: parsed.type, filename: parsed.parameters.filename };
  } catch (err) {
    return { error: `unparsable Content-Disposition: ${(err as Error).message}` };
  }
}

/** The type part of a Content-Type, lower-case. */
export function mimeTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase();
}

/** Records basename / contentType / mimeType / attachment mismatches (shared with the offload helpers). */
export function checkDescription(
  response: NormalisedResponse,
  expected: Pick<DownloadResponseExpectations, 'basename' | 'contentType' | 'mimeType' | 'attachment'>,
  expectations: Expectations,
): void {
  const disposition = readContentDisposition(response.header('content-disposition'));
  const parsed = disposition && !('error' in disposition) ? disposition : undefined;
  if (expected.basename !== undefined) {
    expectations.check(parsed?.filename === expected.basename, {
      what: 'basename (Content-Disposition filename)',
      expected: expected.basename,
      actual: parsed ? parsed.filename : response.header('content-disposition'),
      hint: disposition && 'error' in disposition ? disposition.error : undefined,
    });
  }
  if (expected.attachment !== undefined) {
    const type = parsed?.type ?? 'inline';
    expectations.check(type === (expected.attachment ? 'attachment' : 'inline'), {
      what: 'attachment (Content-Disposition type)',
      expected: expected.attachment ? 'attachment' : 'inline',
      actual: parsed ? parsed.type : response.header('content-disposition'),
    });
  }
  if (expected.contentType !== undefined) {
    const actual = response.header('content-type');
    expectations.check(actual === expected.contentType, {
      what: 'Content-Type',
      expected: expected.contentType,
      actual,
    });
  }
  if (expected.mimeType !== undefined) {
    const actual = mimeTypeOf(response.header('content-type'));
    expectations.check(actual === expected.mimeType.toLowerCase(), {
      what: 'MIME type (Content-Type without parameters)',
      expected: expected.mimeType,
      actual,
    });
  }
}

function toBuffer(content: string | Buffer | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

const SUMMARY_HEADERS = ['content-type', 'content-disposition', 'content-length', 'content-range', 'x-accel-redirect', 'x-sendfile'];

/**
 * Asserts that `response` is the download you expect (django-downloadview's
 * `assert_download_response`): status (200 unless told), a Content-Disposition
 * header, and any of content, basename, Content-Type, MIME type, attachment.
 * Takes a supertest response, a Fastify `inject()` response, or
 * `{ status, headers, body }`. Throws a `DownloadAssertionError` listing every
 * difference.
 *
 * @example
 * const response = await request(app.getHttpServer()).get('/storage/files/hello-world.txt');
 * assertDownloadResponse(response, { content: 'Hello world!\n', basename: 'hello-world.txt', mimeType: 'text/plain' });
 */
export function assertDownloadResponse(response: TestResponse, expected: DownloadResponseExpectations = {}): void {
  const actual = normaliseResponse(response);
  const expectations = new Expectations();
  const status = expected.status ?? 200;
  expectations.check(actual.status === status, { what: 'status', expected: status, actual: actual.status });
  expectations.check(actual.header('content-disposition') !== undefined, {
    what: 'Content-Disposition header',
    expected: 'present (every download names its file)',
    actual: undefined,
  });
  checkDescription(actual, expected, expectations);
  if (expected.content !== undefined) {
    const wanted = toBuffer(expected.content);
    expectations.check(actual.body !== undefined && actual.body.equals(wanted), {
      what: 'content',
      expected: wanted,
      actual: actual.body ?? '(no body bytes: supertest parsed it; add .buffer(true) or use inject())',
    });
  }
  expectations.throwIfAny('Download response does not match', () => summarise(actual, SUMMARY_HEADERS));
}
