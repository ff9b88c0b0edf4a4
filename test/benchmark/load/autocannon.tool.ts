import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { LoadRequest, LoadResult, LoadTool } from './load-tool';

/** autocannon (npm), run in a child process; slower than wrk on big bodies, so ratios matter more than figures. */
export class AutocannonTool implements LoadTool {
  readonly name = 'autocannon';

  run(request: LoadRequest): Promise<LoadResult> {
    const child = join(__dirname, 'autocannon.child.js');
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [child, JSON.stringify(request)], { timeout: (request.duration + 30) * 1000 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`autocannon failed: ${err.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as LoadResult);
      });
    });
  }
}
