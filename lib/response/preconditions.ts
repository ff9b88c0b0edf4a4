import type { IncomingHttpHeaders } from 'node:http';

/** The validators of a representation, as sent in ETag and Last-Modified. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

function parseEtagList(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

function parseHttpDate(value: string | undefined): number {
  return value ? Date.parse(value) : NaN;
}

const isWeak = (tag: string) => tag.startsWith('W/');

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
