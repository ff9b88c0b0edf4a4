import * as fs from 'node:fs';

/** How many file descriptors this process holds open right now (Linux). */
export function openFdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/**
 * Waits (a bounded number of event-loop turns, never a clock) until the open
 * fd count is back to `baseline` or below, and answers the last count seen.
 */
export async function settleFdCount(baseline: number, turns = 200): Promise<number> {
  let count = openFdCount();
  for (let turn = 0; turn < turns && count > baseline; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    count = openFdCount();
  }
  return count;
}
