import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

/** The parts of `pg` used here (the repository has no @types/pg). */
interface ClientConfig {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
}
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
const { Client } = require('pg') as { Client: new (config: ClientConfig) => PgClient };

/**
 * The PostgreSQL server the e2e suites may use, from the environment:
 * `DOWNLOADVIEW_PG_URL` (postgres://user:pass@host:port/db), else the libpq
 * variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. `.ci/start-postgres.sh`
 * starts a throwaway server and prints them. Undefined when none is set.
 */
export function postgresConfig(env: NodeJS.ProcessEnv = process.env): ClientConfig | undefined {
  if (env.DOWNLOADVIEW_PG_URL) return { connectionString: env.DOWNLOADVIEW_PG_URL };
  if (!env.PGHOST) return undefined;
  return {
    host: env.PGHOST,
    port: env.PGPORT ? Number(env.PGPORT) : 5432,
    user: env.PGUSER ?? 'postgres',
    password: env.PGPASSWORD,
    database: env.PGDATABASE ?? env.PGUSER ?? 'postgres',
  };
}

const PROBE = `
const { Client } = require('pg');
const client = new Client({ ...JSON.parse(process.argv[1]), connectionTimeoutMillis: 3000 });
client.connect().then(() => client.query('select 1')).then(() => client.end()).then(
  () => process.exit(0),
  (err) => { console.error(err.message); process.exit(1); },
);`;

let reachable: { ok: boolean; reason: string } | undefined;

/**
 * Whether the configured server answers (checked once per test file, in a
 * child process: `describe()` blocks are synchronous). `reason` says why not.
 */
export function postgresReachable(): { ok: boolean; reason: string } {
  if (reachable) return reachable;
  const config = postgresConfig();
  if (!config) {
    reachable = { ok: false, reason: 'no server configured (set PGHOST/PGPORT/PGUSER/PGDATABASE or DOWNLOADVIEW_PG_URL)' };
    return reachable;
  }
  const probe = spawnSync(process.execPath, ['-e', PROBE, JSON.stringify(config)], {
    cwd: path.resolve(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 10_000,
  });
  const where = config.connectionString ? 'DOWNLOADVIEW_PG_URL' : `${config.host}:${config.port}`;
  reachable =
    probe.status === 0
      ? { ok: true, reason: '' }
      : { ok: false, reason: `server at ${where} unreachable: ${(probe.stderr || probe.error?.message || '').trim()}` };
  return reachable;
}

/** A schema of its own for one test app, dropped (with its tables) by `drop()`. */
export interface PostgresSchema {
  schema: string;
  /** TypeORM connection options reaching the schema. */
  typeorm: Record<string, unknown>;
  drop(): Promise<void>;
}

/**
 * Creates a fresh schema on the configured server, so that test files running
 * in parallel never see each other's tables.
 */
export async function createPostgresSchema(): Promise<PostgresSchema> {
  const config = postgresConfig();
  if (!config) throw new Error('No PostgreSQL server configured');
  const schema = `dv_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(config, (client) => client.query(`CREATE SCHEMA "${schema}"`));
  const connection = config.connectionString
    ? { url: config.connectionString }
    : { host: config.host, port: config.port, username: config.user, password: config.password, database: config.database };
  return {
    schema,
    typeorm: { type: 'postgres', ...connection, schema },
    drop: () => withClient(config, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => undefined),
  };
}

async function withClient<T>(config: ClientConfig, use: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
