import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/connect.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { identitiesRepo } from '../../../src/store/identities-repo.ts';
import { migrations } from '../../../src/store/migrations.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { usersRepo } from '../../../src/store/users-repo.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../../helpers/pg-schema.ts';

const keyring = createKeyring('k1', randomBytes(32));

const backends: [string, () => Promise<{ store: Store; cleanup: () => Promise<void>; tables: () => Promise<string[]> }>][] = [
  [
    'sqlite',
    async () => {
      const store = await openStore({ sqliteFile: ':memory:', keyring });
      const tables = async () => (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)).rows.map((r) => r.name);
      return { store, cleanup: async () => {}, tables };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = uniqueSchema();
      const store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring, poolSize: 2 });
      const tables = async () => (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${schema}`.execute(store.db)).rows.map((r) => r.table_name);
      return { store, cleanup: () => dropSchema(schema), tables };
    },
  ],
];

describe.each(backends)('migration 0007_oidc_identities on %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let tables: () => Promise<string[]>;
  beforeAll(async () => {
    ({ store, cleanup, tables } = await open());
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('ran in name order on a fresh database: sender_allow gone, identity tables there', async () => {
    const ran = (await sql<{ name: string }>`select name from kysely_migration order by timestamp, name`.execute(store.db)).rows.map((r) => r.name);
    expect(ran).toContain('0007_oidc_identities');
    expect(ran).toEqual([...ran].sort());
    const names = await tables();
    expect(names).not.toContain('sender_allow');
    expect(names).toEqual(expect.arrayContaining(['user_identities', 'oidc_logins', 'users']));
  });

  it('links an identity to a user once per (provider, subject) and hands out a pending sign-in only once', async () => {
    const user = await usersRepo(store.db).create('alice@contoso.example', null);
    const ids = identitiesRepo(store.db);
    await ids.link('entra', 'tid-1:oid-1', user.id, 'Alice@Contoso.example');
    await ids.link('entra', 'tid-1:oid-1', user.id, 'alice@contoso.example');
    expect(await ids.userOf('entra', 'tid-1:oid-1')).toBe(user.id);
    expect(await ids.userOf('google', 'tid-1:oid-1')).toBeNull();
    expect(await ids.subjectsOf(user.id, 'entra')).toEqual(['tid-1:oid-1']);
    await ids.savePending('h1', { provider: 'entra', state: 's', nonce: 'n', codeVerifier: 'v' }, 60_000);
    await ids.savePending('h2', { provider: 'google', state: 's', nonce: 'n', codeVerifier: 'v' }, -1);
    expect(await ids.takePending('h1')).toEqual({ provider: 'entra', state: 's', nonce: 'n', codeVerifier: 'v' });
    expect(await ids.takePending('h1')).toBeNull();
    expect(await ids.takePending('h2')).toBeNull();
  });
});

describe('migration runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mw-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a lower-numbered migration merged after a higher one already ran (parallel branches)', async () => {
    const file = join(dir, 'branches.sqlite');
    // A database migrated by a build that had 0007 but not yet 0004: the runner later sees 0004 appear below it.
    const early = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
    const all = (await migrations('sqlite').getMigrations()) as Record<string, Migration>;
    const { '0004_message_summaries': _later, ...without } = all;
    const first = await new Migrator({ db: early, provider: { getMigrations: async () => without } }).migrateToLatest();
    expect(first.error).toBeUndefined();
    await early.destroy();
    const db = await openDatabase({ sqliteFile: file });
    const ran = (await sql<{ name: string }>`select name from kysely_migration`.execute(db.db)).rows.map((r) => r.name);
    expect(ran).toContain('0004_message_summaries');
    expect(ran).toContain('0007_oidc_identities');
    await db.close();
  });
});
