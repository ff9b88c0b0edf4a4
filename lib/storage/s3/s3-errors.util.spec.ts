import { BadGatewayException, GatewayTimeoutException } from '@nestjs/common';
import { isMissingObject, toStorageError } from './s3-errors.util';

const sdkError = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('S3 errors as the client sees them', () => {
  it.each([
    ['NoSuchKey', 404],
    ['NotFound', 404],
    ['AccessDenied', 403],
    ['Forbidden', 403],
  ])('%s (%d) is a missing file: 404, never revealing a forbidden key', (name, status) => {
    expect(isMissingObject(sdkError(name, status))).toBe(true);
    expect(toStorageError(sdkError(name, status), 'k')).toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['InternalError', 500],
    ['ServiceUnavailable', 503],
    ['SlowDown', 503],
    ['PermanentRedirect', 301],
  ])('%s (%d) is the store failing: 502', (name, status) => {
    expect(toStorageError(sdkError(name, status), 'k')).toBeInstanceOf(BadGatewayException);
  });

  it('a reset connection is 502, a timeout 504', () => {
    expect(toStorageError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'k')).toBeInstanceOf(BadGatewayException);
    expect(toStorageError(Object.assign(new Error('slow'), { name: 'TimeoutError' }), 'k')).toBeInstanceOf(GatewayTimeoutException);
  });
});
