import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { migrations, type Dialect } from './migrations.ts';
import type { Database } from './tables.ts';

export interface DbOptions {
  /** postgres://… or undefined for SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema (created when missing). */
  schema?: string;
  poolSize?: number;
  /** SQLite file; ':memory:' for a private in-memory database. */
  sqliteFile?: string;
  dataDir?: string;
}

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens the database named by the options and runs every pending migration before returning it. */
export async function openDatabase(options: DbOptions): Promise<Db> {
  const { db, dialect } = options.databaseUrl ? await openPostgres(options) : openSqlite(options);
  const migrator = new Migrator({
    db,
    provider: migrations(dialect),
    // Applied in name order on a fresh database; on an existing one, a lower number merged after a higher one ran
    // (parallel branches) is applied too instead of refusing to start.
    allowUnorderedMigrations: true,
    ...(dialect === 'postgres' ? { migrationTableSchema: options.schema ?? 'public' } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, dialect, close: () => db.destroy() };
}

function openSqlite(options: DbOptions): { db: Kysely<Database>; dialect: Dialect } {
  let file = options.sqliteFile;
  if (!file) {
    const dir = options.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'mailwarden.sqlite');
  }
  const database = new SQLite(file);
  // WAL lets readers (API) and the writer (workers) of one process proceed together; busy_timeout rides out
  // short write locks instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite' };
}

async function openPostgres(options: DbOptions): Promise<{ db: Kysely<Database>; dialect: Dialect }> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    options: `-c search_path=${schema}`,
  });
  // An idle client whose connection the server dropped (failover, pg_terminate_backend) is emitted here and
  // already removed from the pool; without a listener Node would crash the process on it. The next query
  // reconnects, and a query that was running fails into the job's normal retry.
  pool.on('error', () => {});
  // The same for a checked-out client between two statements: its error would be unhandled too. Its query (or
  // the next one) fails and pg-pool drops the broken client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema !== 'public') {
    // Two processes starting together may both try; IF NOT EXISTS still races on the catalog, so retry once.
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    }
  }
  return { db, dialect: 'postgres' };
}
