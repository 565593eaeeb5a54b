import type { Kysely } from 'kysely';
import type { MailboxRef, ProviderId } from '../core/provider.ts';
import type { Database } from './tables.ts';

/** The stored provider groups of a mailbox (JSON array); none when unknown. */
export function groupIds(json: string | null): string[] {
  if (!json) return [];
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
}

/** Protected mailboxes, one row per (tenant, provider mailbox id). */
export function mailboxesRepo(db: Kysely<Database>) {
  const toRef = (r: { tenant_id: string; provider: string; mailbox_id: string; address: string }): MailboxRef => ({
    tenantId: r.tenant_id,
    provider: r.provider as ProviderId,
    mailboxId: r.mailbox_id,
    address: r.address,
  });
  return {
    /** `groups` (provider groups, for per-group policy) is written only when given: undefined keeps what is stored. */
    async upsert(m: MailboxRef & { displayName?: string | null; enabled?: boolean; groups?: readonly string[] }): Promise<void> {
      const enabled = m.enabled === false ? 0 : 1;
      const groups = m.groups ? { group_ids: JSON.stringify([...m.groups]) } : {};
      await db
        .insertInto('mailboxes')
        .values({ tenant_id: m.tenantId, mailbox_id: m.mailboxId, provider: m.provider, address: m.address.toLowerCase(), display_name: m.displayName ?? null, enabled, created_at: new Date().toISOString(), ...groups })
        .onConflict((oc) => oc.columns(['tenant_id', 'mailbox_id']).doUpdateSet({ address: m.address.toLowerCase(), display_name: m.displayName ?? null, enabled, ...groups }))
        .execute();
    },
    async get(tenantId: string, mailboxId: string): Promise<(MailboxRef & { enabled: boolean; groups: string[] }) | null> {
      const r = await db.selectFrom('mailboxes').selectAll().where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
      return r ? { ...toRef(r), enabled: r.enabled === 1, groups: groupIds(r.group_ids) } : null;
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
