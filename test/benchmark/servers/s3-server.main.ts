import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { startS3Server } from '../../support/s3-server';

/**
 * Child-process entry: the suites' S3 server (@20minutes/s3rver with its
 * corrections, test/support/s3-server.ts) on 127.0.0.1, with the files named
 * in argv (from the folder argv[2]) uploaded as objects of the same names.
 * Its own process, so that the bytes it serves cost the load tool nothing.
 */
async function main(): Promise<void> {
  const [dir, ...names] = process.argv.slice(2);
  const s3 = await startS3Server('bench');
  const client = s3.createClient();
  for (const name of names) {
    const path = join(dir, name);
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: name, Body: createReadStream(path), ContentLength: statSync(path).size }));
  }
  client.destroy();
  process.send?.({ ready: true, endpoint: s3.endpoint, bucket: s3.bucket, credentials: s3.credentials });
  const stop = () => void s3.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}

main().catch((err: unknown) => {
  console.error('bench S3 server failed to start:', err);
  process.exit(1);
});
