import * as fs from 'node:fs';
import * as path from 'node:path';
import { S3Storage } from 'nestjs-downloadview';
import { FIXTURES_DIR, MEDIA_ROOT } from '../sample.paths';
import { SAMPLE_S3_BUCKET } from './s3.constants';

/** A running local S3 server holding the sample's objects. */
export interface LocalS3 {
  endpoint: string;
  close(): Promise<void>;
}

/** The objects the S3 examples serve, copied from the sample's files. */
const OBJECTS: Record<string, string> = {
  'hello-world.txt': path.join(FIXTURES_DIR, 'hello-world.txt'),
  'notes/café menu.txt': path.join(MEDIA_ROOT, 'notes', 'café menu.txt'),
};

/**
 * Starts the S3 server the test suites run (@20minutes/s3rver on a free
 * loopback port, corrected where it disagrees with S3: test/support/s3-server.ts)
 * and puts the sample's objects in its bucket. A dev dependency: undefined,
 * with a note, when it is not installed.
 */
export async function startLocalS3(): Promise<LocalS3 | undefined> {
  let startS3Server: typeof import('../../test/support/s3-server.js').startS3Server;
  try {
    require.resolve('@20minutes/s3rver');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ startS3Server } = require('../../test/support/s3-server') as typeof import('../../test/support/s3-server.js'));
  } catch {
    console.warn('No local S3 server (@20minutes/s3rver is a dev dependency): the s3/ examples are left out. Set SAMPLE_S3_ENDPOINT to use yours.');
    return undefined;
  }
  const server = await startS3Server(SAMPLE_S3_BUCKET);
  const storage = new S3Storage({ bucket: SAMPLE_S3_BUCKET, prefix: 'media', clientConfig: server.clientConfig() });
  try {
    for (const [name, file] of Object.entries(OBJECTS)) await storage.save(name, fs.readFileSync(file));
  } finally {
    storage.destroy();
  }
  return { endpoint: server.endpoint, close: () => server.close() };
}
