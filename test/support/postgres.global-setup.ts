import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { postgresConfig } from './postgres';

const ROOT = path.resolve(__dirname, '..', '..');

/** Set by this setup when it started the cluster, for the teardown. */
export const STARTED_BY_JEST = 'DOWNLOADVIEW_PG_STARTED_BY_JEST';

/** The parts of Jest's global config read here. */
interface GlobalConfig {
  rootDir: string;
  testPathPatterns?: { patterns?: string[] };
  onlyChanged?: boolean;
  findRelatedTests?: boolean;
  nonFlagArgs?: string[];
}

/** The test files that run on PostgreSQL (they call describeEachDatabase). */
function postgresSuites(): string[] {
  const dir = path.join(ROOT, 'test', 'typeorm');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.e2e-spec.ts'))
    .map((name) => path.join(dir, name))
    .filter((file) => fs.readFileSync(file, 'utf8').includes('describeEachDatabase'));
}

/** Whether this run may include a PostgreSQL suite (all runs without a path filter do). */
function selectsPostgresSuite(config: GlobalConfig): boolean {
  if (config.onlyChanged || config.findRelatedTests) return true;
  const patterns = config.testPathPatterns?.patterns ?? config.nonFlagArgs ?? [];
  if (patterns.length === 0) return true;
  const suites = postgresSuites();
  return patterns.some((pattern) => {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'i');
    } catch {
      return true;
    }
    return suites.some((file) => regex.test(file) || regex.test(path.relative(config.rootDir, file)));
  });
}

/**
 * Jest globalSetup: when no PostgreSQL server is configured (no PGHOST nor
 * DOWNLOADVIEW_PG_URL, as outside `.ci/run`) and this machine has the server
 * binaries, starts the throwaway cluster of `.ci/start-postgres.sh` for the
 * TypeORM suites; the teardown stops it. Never installs anything: without the
 * binaries the suites are skipped after one line saying how to run them.
 * `DOWNLOADVIEW_PG=off` opts out.
 */
export default function setup(config: GlobalConfig): void {
  if (postgresConfig() || process.env.DOWNLOADVIEW_PG === 'off') return;
  if (!selectsPostgresSuite(config)) return;
  const started = spawnSync('bash', [path.join(ROOT, '.ci', 'start-postgres.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DOWNLOADVIEW_PG_NO_INSTALL: '1' },
    timeout: 120_000,
  });
  const exports = started.status === 0 ? started.stdout.match(/^export .*$/gm) : null;
  if (!exports) {
    const why =
      started.status === 3
        ? 'no PostgreSQL server binaries (initdb, pg_ctl)'
        : `.ci/start-postgres.sh failed: ${(started.stderr || started.error?.message || '').trim().split('\n').pop()}`;
    process.stderr.write(
      `\nPostgreSQL suites skipped: ${why}; install postgresql or set PGHOST/DOWNLOADVIEW_PG_URL to run them.\n`,
    );
    return;
  }
  for (const line of exports) {
    for (const pair of line.slice('export '.length).trim().split(/\s+/)) {
      const eq = pair.indexOf('=');
      process.env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  process.env[STARTED_BY_JEST] = '1';
  process.stderr.write(`\nPostgreSQL suites: ${started.stderr.trim().split('\n').pop()}\n`);
}
