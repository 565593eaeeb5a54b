import type { Store } from '../store/store.ts';
import { withDefaults } from './defaults.ts';
import type { Policy } from './types.ts';
import { POLICY_AUDIT_ACTION, type PolicyStorePort } from './versions.ts';

/** updatePolicy()'s storage on the service store: the tenants table holds the policy, the audit log its versions. */
export function policyStorePort(store: Store): PolicyStorePort {
  return {
    async load(tenantId) {
      return (await store.tenants.get(tenantId))?.policy ?? null;
    },
    save: (tenantId, policy) => store.tenants.setPolicy(tenantId, policy),
    audit: (entry) => store.actions.audit(entry),
    async versionCount(tenantId) {
      const row = await store.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('action', '=', POLICY_AUDIT_ACTION)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

/**
 * The tenant's policy read fresh (one primary-key read, no settings decryption): a switch to enforce must act
 * on the very next message, which a cached tenant record would delay.
 */
export async function currentPolicy(store: Store, tenantId: string): Promise<Policy | null> {
  const row = await store.db.selectFrom('tenants').select('policy').where('id', '=', tenantId).executeTakeFirst();
  if (!row) return null;
  return withDefaults(row.policy ? (JSON.parse(row.policy) as Partial<Policy>) : null);
}
