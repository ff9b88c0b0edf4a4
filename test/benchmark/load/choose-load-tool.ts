import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { AutocannonTool } from './autocannon.tool';
import type { LoadTool } from './load-tool';
import { WrkTool } from './wrk.tool';

/** wrk when installed (or asked for), else autocannon. */
export function chooseLoadTool(preference: 'wrk' | 'autocannon' | 'auto', scratchDir: string): LoadTool {
  if (preference === 'autocannon') return new AutocannonTool();
  const wrk = (process.env.PATH ?? '')
    .split(':')
    .filter((folder) => folder.startsWith('/'))
    .map((folder) => join(folder, 'wrk'))
    .find(isExecutable);
  if (wrk) return new WrkTool(wrk, scratchDir);
  if (preference === 'wrk') throw new Error('--tool wrk: wrk is not installed (Debian: apt-get install wrk)');
  return new AutocannonTool();
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
