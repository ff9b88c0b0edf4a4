import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { STARTED_BY_JEST } from './postgres.global-setup';

/** Jest globalTeardown: stops the cluster the global setup started, if it did. */
export default function teardown(): void {
  if (process.env[STARTED_BY_JEST] !== '1') return;
  spawnSync('bash', [path.resolve(__dirname, '..', '..', '.ci', 'stop-postgres.sh')], { stdio: 'ignore', timeout: 60_000 });
  for (const name of [STARTED_BY_JEST, 'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'DOWNLOADVIEW_PG_DIR', 'DOWNLOADVIEW_PG_BINDIR']) {
    delete process.env[name];
  }
}
