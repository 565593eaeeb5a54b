import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A unique schema name per test run; drop it with `dropSchema` when done. */
export function uniqueSchema(prefix = 'mwt'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
