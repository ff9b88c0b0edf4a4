import { join } from 'node:path';
import { parseBenchOptions } from './bench.options';
import { runBenchmark } from './bench.runner';
import { verdict } from './report/targets';
import { consoleReport } from './report/text.report';
import { writeResults } from './report/write-results';
import { repoRoot } from './servers/net.util';

/**
 * `npm run bench` (full, ~10 minutes here) or `npm run bench -- --quick`
 * (under a minute, the CI smoke run). It reports and asserts nothing: the
 * exit code is 0 whatever the figures, non-zero only when the harness fails.
 */
async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), join(repoRoot(), 'bench-results'));
  const results = await runBenchmark(options, (line) => console.log(line));
  console.log(`\n${consoleReport(results)}\n`);
  for (const target of results.targets) console.log(`${verdict(target).padEnd(4)} ${target.id} ${target.what}: ${target.measured} (goal ${target.goal})`);
  const written = await writeResults(results, options.outDir);
  console.log(`\nWritten: ${written.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
