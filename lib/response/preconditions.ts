import type { IncomingHttpHeaders } from 'node:http';

/** The validators of a representation, as sent in ETag and Last-Modified. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/**
 * The entity-tags of an If-Match / If-None-Match list. A comma inside a
 * quoted tag (`"a,b"`, valid per RFC 9110 §8.8.3) does not split it; other
 * tokens are kept as they are and never equal a quoted ETag.
 */
function parseEtagList(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"|[^\s,]+/g) ?? [];
}

/** The three forms of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, rfc850-date, asctime-date. */
const HTTP_DATE =
  /^[ \t]*(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}))[ \t]*$/;

/**
 * The time of an HTTP-date, NaN for anything else: a field that is not a valid
 * HTTP-date MUST be ignored (§13.1.3-13.1.5). Date.parse() alone took `1`,
 * `2020` or an ISO date, and a stray If-Unmodified-Since answered 412.
 */
function parseHttpDate(value: string | undefined): number {
  const form = value === undefined ? null : HTTP_DATE.exec(value);
  if (!form) return NaN;
  // asctime-date carries no zone: it is GMT.
  return Date.parse(form[1] ? `${form[1]} GMT` : value!);
}

const isWeak = (tag: string) => tag.startsWith('W/');
const opaqueTag = (tag: string) => (isWeak(tag) ? tag.slice(2) : tag);

/**
 * RFC 9110 §13.2.2 steps 1-2: If-Match (strong comparison) and, without it,
 * If-Unmodified-Since. Answers whether the request must get 412.
 */
export function isPreconditionFailure(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifMatch = headers['if-match'];
  if (typeof ifMatch === 'string') {
    if (ifMatch.trim() === '*') return false;
    const etag = validators.etag;
    return !etag || isWeak(etag) || !parseEtagList(ifMatch).includes(etag);
  }
  const since = parseHttpDate(headers['if-unmodified-since'] as string | undefined);
  const modified = parseHttpDate(validators.lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified > since;
}

/**
 * RFC 9110 §13.2.2 steps 3-4: If-None-Match (weak comparison; `*` matches)
 * and, without it, If-Modified-Since. Answers whether a GET or HEAD gets 304.
 * A request with `Cache-Control: no-cache` never does (an end-to-end reload,
 * as the `fresh` package decided it before).
 */
export function isNotModified(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const cacheControl = headers['cache-control'];
  if (typeof cacheControl === 'string' && /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(cacheControl)) return false;
  const ifNoneMatch = headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    if (ifNoneMatch.trim() === '*') return true;
    const etag = validators.etag;
    return !!etag && parseEtagList(ifNoneMatch).some((tag) => opaqueTag(tag) === opaqueTag(etag));
  }
  const since = parseHttpDate(headers['if-modified-since'] as string | undefined);
  const modified = parseHttpDate(validators.lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

/**
 * RFC 9110 §13.1.5 If-Range: the Range applies only when the validator
 * matches: a strong ETag compared strongly, or the exact Last-Modified date.
 */
export function isRangeFresh(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifRange = headers['if-range'];
  if (typeof ifRange !== 'string') return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || isWeak(value)) {
    return !!validators.etag && !isWeak(value) && !isWeak(validators.etag) && value === validators.etag;
  }
  const date = parseHttpDate(value);
  const modified = parseHttpDate(validators.lastModified);
  return !Number.isNaN(date) && date === modified;
}
