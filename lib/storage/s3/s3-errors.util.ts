import { BadGatewayException, GatewayTimeoutException, HttpException } from '@nestjs/common';
import { notFound } from './s3-key.util';

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Answers that mean "no such object" to the client: S3 never reveals a forbidden key. */
const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NotFound', 'AccessDenied', 'Forbidden', 'KeyTooLongError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout']);

/** Whether an SDK error says the object is not there (404), or may not be read (403: told as 404). */
export function isMissingObject(err: unknown): boolean {
  const error = err as SdkError | undefined;
  const status = error?.$metadata?.httpStatusCode;
  return status === 404 || status === 403 || NOT_FOUND_NAMES.has(error?.name ?? '');
}

/**
 * An SDK failure as the client should see it: a missing or forbidden object
 * as "not found" (ENOENT, answered 404), a timeout as 504, anything else
 * (5xx, a reset connection, a wrong length, a misconfigured client) as 502.
 */
export function toStorageError(err: unknown, key: string): Error {
  if (err instanceof HttpException) return err;
  if (isMissingObject(err)) return notFound(`No such S3 object: ${key}`);
  const error = err as SdkError | undefined;
  if (TIMEOUT_CODES.has(error?.name ?? '') || TIMEOUT_CODES.has(error?.code ?? '')) {
    return new GatewayTimeoutException('The object store did not answer in time', { cause: err });
  }
  return new BadGatewayException('The object store failed', { cause: err });
}
