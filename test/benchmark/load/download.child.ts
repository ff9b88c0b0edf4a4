import { get } from 'node:http';

/**
 * Child process for P5: `count` concurrent downloads of one URL, each on its
 * own connection and read as fast as the server sends. argv: url, count.
 * Prints `{ bytes, seconds, statuses }` as JSON.
 */
const [url, countArg] = process.argv.slice(2);
const started = process.hrtime.bigint();

function download(): Promise<{ bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.once('end', () => resolve({ bytes, status: res.statusCode ?? 0 }));
      res.once('error', reject);
    }).once('error', reject);
  });
}

Promise.all(Array.from({ length: Number(countArg) }, download)).then(
  (answers) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const bytes = answers.reduce((sum, answer) => sum + answer.bytes, 0);
    process.stdout.write(`${JSON.stringify({ bytes, seconds, statuses: answers.map((a) => a.status) })}\n`);
  },
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
