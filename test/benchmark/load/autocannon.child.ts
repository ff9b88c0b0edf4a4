import type { LoadRequest, LoadResult } from './load-tool';

interface AutocannonResult {
  requests: { total: number };
  throughput: { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '4xx': number;
  '5xx': number;
}

/**
 * Child process running one autocannon load (the harness's fallback when wrk
 * is not installed), so the load generator never shares the harness's thread.
 * argv[2]: the LoadRequest as JSON; prints the LoadResult as JSON.
 */
const request = JSON.parse(process.argv[2]) as LoadRequest;
// autocannon ships no types; its API is small.
const autocannon = require('autocannon') as (
  options: Record<string, unknown>,
  done: (err: Error | null, result: AutocannonResult) => void,
) => void;
autocannon(
  { url: request.url, connections: request.connections, duration: request.duration, headers: request.headers, timeout: 20 },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    const answer: LoadResult = {
      requests: result.requests.total,
      bytes: result.throughput.total,
      seconds: result.duration,
      errors: result.errors + result.timeouts + result['4xx'] + result['5xx'],
    };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  },
);
