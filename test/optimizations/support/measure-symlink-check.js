// The cost of the symlink check on an offloaded answer (docs/optimizations/index.md).
//   npm run build && node test/optimizations/support/measure-symlink-check.js
// OffloadService.createResponse() in a loop, in process, for the same
// PathFile (root = the rule's sourceDir) with and without `allowSymlinks`
// (which skips the one realpath per answer); rounds alternate so that both
// see the same machine load. Prints microseconds per answer, one answer at a
// time (CONCURRENCY=1, default) or CONCURRENCY answers in flight.
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { OffloadService, compileOffloadRules, PathFile, DownloadResponse } = require('../../../dist');

const dir = mkdtempSync(join(tmpdir(), 'symlink-check-'));
writeFileSync(join(dir, 'hello.txt'), 'Hello world!\n');
const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

function service(backend, rule) {
  const { rules, backend: fallback, problems } = compileOffloadRules([rule], backend);
  if (problems.length) throw new Error(problems.join('\n'));
  return new OffloadService(fallback, rules);
}

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 1);

async function one(offload) {
  const answer = await offload.createResponse(new DownloadResponse(new PathFile('hello.txt', { root: dir })));
  if (!answer) throw new Error('not offloaded');
}

// CONCURRENCY answers in flight at a time (1: one after the other, the check's full latency).
async function run(offload, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += CONCURRENCY) {
    if (CONCURRENCY === 1) await one(offload);
    else await Promise.all(Array.from({ length: CONCURRENCY }, () => one(offload)));
  }
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  for (const [backend, extra] of [['nginx', { destinationUrl: '/protected/' }], ['lighttpd', {}], ['apache', {}]]) {
    const checked = service(backend, { sourceDir: dir, ...extra });
    const unchecked = service(backend, { sourceDir: dir, ...extra, allowSymlinks: true });
    await run(checked, 2000);
    await run(unchecked, 2000);
    const a = [];
    const b = [];
    for (let r = 0; r < ROUNDS; r++) {
      b.push(await run(unchecked, N));
      a.push(await run(checked, N));
    }
    const withCheck = median(a);
    const without = median(b);
    console.log(
      `${backend.padEnd(8)} without ${without.toFixed(2)} µs/answer, with ${withCheck.toFixed(2)} µs/answer: +${(withCheck - without).toFixed(2)} µs`,
    );
  }
  // The system call alone, synchronous (no thread-pool hop).
  const file = join(dir, 'hello.txt');
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) require('node:fs').realpathSync.native(file);
  console.log(`realpath(3) alone, synchronous: ${(Number(process.hrtime.bigint() - t) / 1000 / N).toFixed(2)} µs (path ${file})`);
  rmSync(dir, { recursive: true, force: true });
})();
