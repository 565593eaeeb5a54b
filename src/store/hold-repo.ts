import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** What MailWarden last did to a mailbox's provider-side hold rule / filter. */
export type HoldState = 'installed' | 'removed' | 'failed';

export interface MailboxHold {
  tenantId: string;
  mailboxId: string;
  state: HoldState | null;
  detail: string | null;
  checkedAt: Date | null;
}

/** The per-mailbox inline-hold state (columns of `mailboxes`, migration 0005). */
export function holdRepo(db: Kysely<Database>) {
  const toHold = (r: { tenant_id: string; mailbox_id: string; hold_state: string | null; hold_detail: string | null; hold_checked_at: string | null }): MailboxHold => ({
    tenantId: r.tenant_id,
    mailboxId: r.mailbox_id,
    state: (r.hold_state as HoldState | null) ?? null,
    detail: r.hold_detail,
    checkedAt: r.hold_checked_at ? new Date(r.hold_checked_at) : null,
  });
  const cols = ['tenant_id', 'mailbox_id', 'hold_state', 'hold_detail', 'hold_checked_at'] as const;
  return {
    async get(tenantId: string, mailboxId: string): Promise<MailboxHold | null> {
      const r = await db.selectFrom('mailboxes').select(cols).where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
      return r ? toHold(r) : null;
    },
    async set(tenantId: string, mailboxId: string, state: HoldState, detail: string | null = null): Promise<void> {
      await db
        .updateTable('mailboxes')
        .set({ hold_state: state, hold_detail: detail?.slice(0, 500) ?? null, hold_checked_at: new Date().toISOString() })
        .where('tenant_id', '=', tenantId)
        .where('mailbox_id', '=', mailboxId)
        .execute();
    },
    /** Every mailbox whose hold rule may be holding mail now (installed, or an install or removal that failed). */
    async holding(): Promise<MailboxHold[]> {
      const rows = await db.selectFrom('mailboxes').select(cols).where('hold_state', 'in', ['installed', 'failed']).orderBy('tenant_id').orderBy('mailbox_id').execute();
      return rows.map(toHold);
    },
    async forTenant(tenantId: string): Promise<Map<string, MailboxHold>> {
      const rows = await db.selectFrom('mailboxes').select(cols).where('tenant_id', '=', tenantId).execute();
      return new Map(rows.map((r) => [r.mailbox_id, toHold(r)]));
    },
  };
}
