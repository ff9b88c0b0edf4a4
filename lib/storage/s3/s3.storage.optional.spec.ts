/** Without the optional SDK packages: the library loads, S3Storage says which package to install. */
jest.mock('@aws-sdk/client-s3', () => {
  throw Object.assign(new Error("Cannot find module '@aws-sdk/client-s3' from 'lib/utils/optional-package.util.ts'"), {
    code: 'MODULE_NOT_FOUND',
  });
});

import { S3Storage } from './s3.storage';

describe('S3Storage without @aws-sdk/client-s3', () => {
  it('is constructed without loading the SDK, and names the package on first use', async () => {
    const storage = new S3Storage({ bucket: 'media', prefix: 'files' });
    expect(storage.key('a b.txt')).toBe('files/a b.txt');
    expect(await storage.stat('../x')).toBeNull(); // refused before any SDK call
    await expect(storage.stat('a.txt')).rejects.toThrow('S3Storage needs the optional package "@aws-sdk/client-s3": npm install @aws-sdk/client-s3');
  });
});
