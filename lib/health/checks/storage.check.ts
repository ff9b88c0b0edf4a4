import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { confinePath } from '../../utils/confine-path.util';
import type { CheckContext, CheckOutcome } from './healthcheck.types';

function sha256Of(filePath: string): Promise<{ sha256: string; length: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let length = 0;
    createReadStream(filePath)
      .on('data', (chunk) => {
        hash.update(chunk);
        length += chunk.length;
      })
      .once('error', reject)
      .once('end', () => resolve({ sha256: hash.digest('hex'), length }));
  });
}

/**
 * "Check storage": the check file can be read from the storage folder (and
 * has the expected content). Gives its sha256 to the checks after it.
 */
export async function checkStorage(context: CheckContext): Promise<CheckOutcome> {
  const { storageDir, checkFile, expectSha256 } = context.options;
  if (!storageDir) return { part: 'storage', status: 'skip', summary: 'no --storage-dir given' };
  const filePath = confinePath(storageDir, checkFile);
  if (!filePath) {
    return { part: 'storage', status: 'fail', summary: `refused check file name ${JSON.stringify(checkFile)}` };
  }
  try {
    const { sha256, length } = await sha256Of(filePath);
    if (expectSha256 && sha256 !== expectSha256) {
      return {
        part: 'storage',
        status: 'fail',
        summary: `${filePath}: sha256 ${sha256}, expected ${expectSha256}`,
        details: ['The check file in storage is not the expected one: put it back, or fix --expect-sha256.'],
      };
    }
    context.sha256 ??= sha256;
    return { part: 'storage', status: 'pass', summary: `${filePath} readable, ${length} bytes, sha256 ${sha256.slice(0, 12)}…` };
  } catch (err) {
    return {
      part: 'storage',
      status: 'fail',
      summary: `${filePath}: ${(err as Error).message}`,
      details: ['Put the check file in the storage, readable by the app and by the proxy.'],
    };
  }
}
