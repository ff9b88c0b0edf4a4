import { checkDescription } from './assert-download-response';
import { checkEmptyAnswer } from './assert-x-accel-redirect';
import { Expectations } from './download-assertion.error';
import { normaliseResponse, summarise, type TestResponse } from './test-response';

/** The X-Sendfile servers, which encode the path differently. */
export type XSendfileServer = 'apache' | 'lighttpd';

/** What `assertXSendfile()` checks; every key is optional. */
export interface XSendfileExpectations {
  /** The absolute path the proxy reads, as plain text (`/srv/files/café menu.txt`). */
  filePath?: string;
  /** The file name in Content-Disposition. */
  basename?: string;
  /** The whole Content-Type header. */
  contentType?: string;
  /**
   * Which server the header is written for. Apache (mod_xsendfile) reads raw
   * UTF-8 bytes, lighttpd percent-decodes: naming the server checks that the
   * path is encoded the way that server reads it. Left out, either form passes.
   */
  server?: XSendfileServer;
}

/** The path a server reads from an X-Sendfile value (as a Node client received it). */
export function decodeXSendfile(value: string, server: XSendfileServer): string | undefined {
  if (server === 'apache') {
    // Node reads header bytes as latin1: turn them back into the UTF-8 text Apache sees.
    return Buffer.from(value, 'latin1').toString('utf8');
  }
  try {
    return value.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined; // lighttpd would refuse a malformed escape
  }
}

const SUMMARY_HEADERS = ['x-sendfile', 'content-type', 'content-disposition', 'etag'];

/**
 * Asserts that `response` hands the download to Apache (mod_xsendfile) or
 * lighttpd (django-downloadview's `assert_x_sendfile`): an empty 200 with
 * `X-Sendfile` naming `filePath`, decoded the way the server decodes it.
 *
 * @example
 * assertXSendfile(response, { filePath: '/srv/media/hello-world.txt', basename: 'hello-world.txt', server: 'apache' });
 */
export function assertXSendfile(response: TestResponse, expected: XSendfileExpectations = {}): void {
  const actual = normaliseResponse(response);
  const expectations = new Expectations();
  const value = actual.header('x-sendfile');
  checkEmptyAnswer(actual, expectations);
  if (expected.filePath === undefined || value === undefined) {
    expectations.check(value !== undefined, {
      what: 'X-Sendfile',
      expected: expected.filePath ?? '(present)',
      actual: value,
    });
  } else {
    const servers: XSendfileServer[] = expected.server ? [expected.server] : ['apache', 'lighttpd'];
    const decoded = servers.map((server) => [server, decodeXSendfile(value, server)] as const);
    expectations.check(
      decoded.some(([, path]) => path === expected.filePath),
      {
        what: `X-Sendfile${expected.server ? ` (as ${expected.server} reads it)` : ''}`,
        expected: expected.filePath,
        actual: decoded.length === 1 ? decoded[0][1] : Object.fromEntries(decoded),
        hint: `header value as sent: ${JSON.stringify(value)}`,
      },
    );
  }
  checkDescription(actual, expected, expectations);
  expectations.throwIfAny('X-Sendfile response does not match', () => summarise(actual, SUMMARY_HEADERS));
}
