import { checkDescription } from './assert-download-response';
import { Expectations } from './download-assertion.error';
import { normaliseResponse, summarise, type NormalisedResponse, type TestResponse } from './test-response';

/**
 * What `assertXAccelRedirect()` checks. For the `X-Accel-*` options,
 * `undefined` skips the check, `null` means "header absent" and `false`
 * means "header set to its off value" (`off`, or `no` for X-Accel-Buffering).
 */
export interface XAccelRedirectExpectations {
  /** X-Accel-Redirect; percent-encoded and decoded forms both match (`/protected/a%20b.txt` = `/protected/a b.txt`). */
  redirectUrl?: string;
  /** The file name in Content-Disposition. */
  basename?: string;
  /** The whole Content-Type header. */
  contentType?: string;
  /** X-Accel-Charset. */
  charset?: string | null;
  /** X-Accel-Buffering: `true` = `yes`, `false` = `no`. */
  withBuffering?: boolean | null;
  /** X-Accel-Expires: seconds, a Date (`@epoch`), the raw value, or `false` = `off`. */
  expires?: number | Date | string | false | null;
  /** X-Accel-Limit-Rate: bytes per second, the raw value, or `false` = `off`. */
  limitRate?: number | string | false | null;
}

type HeaderExpectation = string | null | undefined;

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Whether two offload locations name the same file, encoded or not. */
export function sameLocation(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && (actual === expected || decodeOnce(actual) === decodeOnce(expected));
}

function expiresValue(value: XAccelRedirectExpectations['expires']): HeaderExpectation {
  if (value === false) return 'off';
  if (value instanceof Date) return `@${Math.floor(value.getTime() / 1000)}`;
  return value === null || value === undefined ? value : String(value);
}

function offValue(value: number | string | false | null | undefined, off: string): HeaderExpectation {
  if (value === false) return off;
  return value === null || value === undefined ? value : String(value);
}

/** Records a mismatch for one header expectation (null: absent). */
export function checkHeader(
  response: NormalisedResponse,
  name: string,
  expected: HeaderExpectation,
  expectations: Expectations,
): void {
  if (expected === undefined) return;
  const actual = response.header(name);
  expectations.check(expected === null ? actual === undefined : actual === expected, {
    what: name,
    expected: expected === null ? '(absent)' : expected,
    actual,
  });
}

/** Status 200 with an empty body: what the proxy turns into the file. */
export function checkEmptyAnswer(response: NormalisedResponse, expectations: Expectations): void {
  expectations.check(response.status === 200, {
    what: 'status',
    expected: 200,
    actual: response.status,
    hint: 'an offloaded answer must be exactly 200 (Apache leaks the header otherwise)',
  });
  expectations.check(response.body === undefined || response.body.length === 0, {
    what: 'body',
    expected: 'empty (the proxy sends the file)',
    actual: response.body,
  });
}

const SUMMARY_HEADERS = [
  'x-accel-redirect',
  'x-accel-charset',
  'x-accel-buffering',
  'x-accel-expires',
  'x-accel-limit-rate',
  'content-type',
  'content-disposition',
];

/**
 * Asserts that `response` hands the download to nginx (django-downloadview's
 * `assert_x_accel_redirect`, which compared values against header NAMES and
 * never passed): an empty 200 with `X-Accel-Redirect`, plus the given values.
 *
 * @example
 * assertXAccelRedirect(response, {
 *   redirectUrl: '/protected/hello-world.txt',
 *   basename: 'hello-world.txt',
 *   contentType: 'text/plain; charset=utf-8',
 *   expires: null, withBuffering: null, limitRate: null,
 * });
 */
export function assertXAccelRedirect(response: TestResponse, expected: XAccelRedirectExpectations = {}): void {
  const actual = normaliseResponse(response);
  const expectations = new Expectations();
  const redirect = actual.header('x-accel-redirect');
  checkEmptyAnswer(actual, expectations);
  if (expected.redirectUrl === undefined) {
    expectations.check(redirect !== undefined, { what: 'X-Accel-Redirect', expected: '(present)', actual: redirect });
  } else {
    expectations.check(sameLocation(redirect, expected.redirectUrl), {
      what: 'X-Accel-Redirect',
      expected: expected.redirectUrl,
      actual: redirect,
    });
  }
  checkDescription(actual, expected, expectations);
  checkHeader(actual, 'x-accel-charset', expected.charset, expectations);
  const buffering = expected.withBuffering;
  checkHeader(actual, 'x-accel-buffering', typeof buffering === 'boolean' ? (buffering ? 'yes' : 'no') : buffering, expectations);
  checkHeader(actual, 'x-accel-expires', expiresValue(expected.expires), expectations);
  checkHeader(actual, 'x-accel-limit-rate', offValue(expected.limitRate, 'off'), expectations);
  expectations.throwIfAny('X-Accel-Redirect response does not match', () => summarise(actual, SUMMARY_HEADERS));
}
