import type { Keyring } from '../../src/store/crypto.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from './pg-schema.ts';

export type OpenTestStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/**
 * The two databases every repository must behave the same on, for `describe.each`: SQLite in memory, and
 * PostgreSQL in a schema of its own (dropped by `cleanup`).
 */
export function storeBackends(keyring: Keyring): [string, OpenTestStore][] {
  return [
    ['sqlite', async () => ({ store: await openStore({ sqliteFile: ':memory:', keyring }), cleanup: async () => {} })],
    [
      'postgres',
      async () => {
        const schema = uniqueSchema();
        const store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring, poolSize: 4 });
        return { store, cleanup: () => dropSchema(schema) };
      },
    ],
  ];
}
