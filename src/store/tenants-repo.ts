import type { Kysely } from 'kysely';
import type { ProviderId } from '../core/provider.ts';
import type { Policy } from '../policy/decide.ts';
import { withDefaults } from '../policy/defaults.ts';
import { openText, sealText, type Keyring } from './crypto.ts';
import type { Database } from './tables.ts';

/** A tenant with its provider settings decrypted (credentials included: never log this object). */
export interface Tenant {
  id: string;
  name: string;
  provider: ProviderId;
  settings: Record<string, unknown>;
  endpoints?: Record<string, string>;
  policy: Policy;
}

const context = (id: string) => `tenant:${id}:settings`;

/** Tenants and their credentials, sealed at rest with the vault keyring (context-bound to the tenant id). */
export function tenantsRepo(db: Kysely<Database>, ring: Keyring) {
  return {
    async upsert(t: { id: string; name: string; provider: ProviderId; settings: Record<string, unknown>; endpoints?: Record<string, string>; policy?: Partial<Policy> }): Promise<void> {
      const row = {
        id: t.id,
        name: t.name,
        provider: t.provider,
        settings_enc: sealText(ring, JSON.stringify(t.settings), context(t.id)),
        endpoints: t.endpoints ? JSON.stringify(t.endpoints) : null,
        policy: t.policy ? JSON.stringify(t.policy) : null,
        created_at: new Date().toISOString(),
      };
      await db
        .insertInto('tenants')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, provider: row.provider, settings_enc: row.settings_enc, endpoints: row.endpoints, ...(t.policy ? { policy: row.policy } : {}) }))
        .execute();
    },
    async get(id: string): Promise<Tenant | null> {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const tenant: Tenant = {
        id: row.id,
        name: row.name,
        provider: row.provider as ProviderId,
        settings: JSON.parse(openText(ring, row.settings_enc, context(row.id))) as Record<string, unknown>,
        policy: withDefaults(row.policy ? (JSON.parse(row.policy) as Partial<Policy>) : null),
      };
      if (row.endpoints) tenant.endpoints = JSON.parse(row.endpoints) as Record<string, string>;
      return tenant;
    },
    async setPolicy(id: string, policy: Partial<Policy>): Promise<void> {
      await db.updateTable('tenants').set({ policy: JSON.stringify(policy) }).where('id', '=', id).execute();
    },
    async listIds(): Promise<string[]> {
      return (await db.selectFrom('tenants').select('id').orderBy('id').execute()).map((r) => r.id);
    },
    /** The raw sealed column, for tests proving nothing is stored in clear. */
    async sealedSettings(id: string): Promise<string | null> {
      return (await db.selectFrom('tenants').select('settings_enc').where('id', '=', id).executeTakeFirst())?.settings_enc ?? null;
    },
  };
}
