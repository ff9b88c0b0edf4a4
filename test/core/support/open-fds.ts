import * as fs from 'node:fs';

/** How many file descriptors this process holds open right now (Linux). */
export function openFdCount(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * Polls `predicate` a bounded number of times (never asserting on time) and
 * answers whether it became true.
 */
export async function eventually(predicate: () => boolean, turns = 300): Promise<boolean> {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return true;
    await turn();
  }
  return predicate();
}

/** The open-fd count once it has stopped moving (sockets of earlier requests closed). */
export async function stableFdCount(): Promise<number> {
  let count = openFdCount();
  for (let same = 0, i = 0; same < 5 && i < 300; i++) {
    await turn();
    const next = openFdCount();
    same = next === count ? same + 1 : 0;
    count = next;
  }
  return count;
}

/** Waits until the open-fd count is back to `baseline` or below; answers the last count seen. */
export async function settleFdCount(baseline: number): Promise<number> {
  await eventually(() => openFdCount() <= baseline);
  return openFdCount();
}
