import type { Kysely } from 'kysely';
import type { MailboxRef, ProviderId } from '../core/provider.ts';
import type { Database } from './tables.ts';

/** Protected mailboxes, one row per (tenant, provider mailbox id). */
export function mailboxesRepo(db: Kysely<Database>) {
  const toRef = (r: { tenant_id: string; provider: string; mailbox_id: string; address: string }): MailboxRef => ({
    tenantId: r.tenant_id,
    provider: r.provider as ProviderId,
    mailboxId: r.mailbox_id,
    address: r.address,
  });
  return {
    async upsert(m: MailboxRef & { displayName?: string | null; enabled?: boolean }): Promise<void> {
      const enabled = m.enabled === false ? 0 : 1;
      await db
        .insertInto('mailboxes')
        .values({ tenant_id: m.tenantId, mailbox_id: m.mailboxId, provider: m.provider, address: m.address.toLowerCase(), display_name: m.displayName ?? null, enabled, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['tenant_id', 'mailbox_id']).doUpdateSet({ address: m.address.toLowerCase(), display_name: m.displayName ?? null, enabled }))
        .execute();
    },
    async get(tenantId: string, mailboxId: string): Promise<(MailboxRef & { enabled: boolean }) | null> {
      const r = await db.selectFrom('mailboxes').selectAll().where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
      return r ? { ...toRef(r), enabled: r.enabled === 1 } : null;
    },
    async findByAddress(provider: ProviderId, address: string): Promise<MailboxRef | null> {
      const r = await db.selectFrom('mailboxes').selectAll().where('provider', '=', provider).where('address', '=', address.toLowerCase()).where('enabled', '=', 1).executeTakeFirst();
      return r ? toRef(r) : null;
    },
    async listEnabled(tenantId?: string): Promise<MailboxRef[]> {
      let q = db.selectFrom('mailboxes').selectAll().where('enabled', '=', 1);
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      return (await q.orderBy('tenant_id').orderBy('mailbox_id').execute()).map(toRef);
    },
  };
}
