import { createPostgresSchema, postgresReachable } from './postgres';

export type DatabaseName = 'sqlite' | 'postgres';

/** A database an e2e suite runs on. */
export interface TestDatabase {
  name: DatabaseName;
  /**
   * TypeORM connection options for one app, on a database of its own (SQLite
   * in memory, a new PostgreSQL schema); `close()` after the app is closed.
   */
  open(): Promise<{ typeorm: Record<string, unknown>; close(): Promise<void> }>;
}

export const SQLITE: TestDatabase = {
  name: 'sqlite',
  open: async () => ({ typeorm: { type: 'better-sqlite3', database: ':memory:' }, close: async () => undefined }),
};

export const POSTGRES: TestDatabase = {
  name: 'postgres',
  open: async () => {
    const schema = await createPostgresSchema();
    return { typeorm: schema.typeorm, close: schema.drop };
  },
};

/** Every database the TypeORM suites run on. */
export const DATABASES: readonly TestDatabase[] = [SQLITE, POSTGRES];

/**
 * `describe.each(DATABASES)`: SQLite always; PostgreSQL when a server is
 * reachable (see test/support/postgres.ts). Outside CI, Jest's global setup
 * (postgres.global-setup.ts) starts a throwaway one when the binaries are
 * installed; without any, the PostgreSQL suite is skipped with the reason in
 * its title (the setup printed one line saying why). On CI (`CI=true`) it
 * fails instead: `.ci/run` starts a server, so a CI run never passes by
 * skipping it.
 */
export function describeEachDatabase(fn: (db: TestDatabase) => void): void {
  for (const db of DATABASES) {
    const title = `on ${db.name}`;
    const status = db.name === 'postgres' ? postgresReachable() : { ok: true, reason: '' };
    if (status.ok) {
      describe(title, () => fn(db));
    } else if (process.env.CI === 'true') {
      describe(title, () => {
        it('has a PostgreSQL server to run on', () => {
          throw new Error(`PostgreSQL ${status.reason}: .ci/run starts one with .ci/start-postgres.sh`);
        });
      });
    } else {
      describe.skip(`${title} (skipped: ${status.reason})`, () => fn(db));
    }
  }
}
