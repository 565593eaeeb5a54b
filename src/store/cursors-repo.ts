import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Sync cursors per mailbox (Gmail historyId, Graph delta link), and when the mailbox last synced. */
export function cursorsRepo(db: Kysely<Database>) {
  return {
    async get(tenantId: string, mailboxId: string): Promise<{ cursor: string | null; lastSyncAt: Date | null }> {
      const r = await db.selectFrom('cursors').selectAll().where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
      return { cursor: r?.cursor ?? null, lastSyncAt: r?.last_sync_at ? new Date(r.last_sync_at) : null };
    },
    /** Records a sync; `cursor` null keeps the stored one (the provider had nothing newer). */
    async advance(tenantId: string, mailboxId: string, cursor: string | null): Promise<void> {
      const now = new Date().toISOString();
      await db
        .insertInto('cursors')
        .values({ tenant_id: tenantId, mailbox_id: mailboxId, cursor, last_sync_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'mailbox_id']).doUpdateSet(cursor === null ? { last_sync_at: now } : { cursor, last_sync_at: now }))
        .execute();
    },
    /** Mailboxes (with a cursor row) that have not synced since `before`. */
    async staleSince(before: Date): Promise<{ tenantId: string; mailboxId: string }[]> {
      const rows = await db.selectFrom('cursors').select(['tenant_id', 'mailbox_id']).where('last_sync_at', '<', before.toISOString()).execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, mailboxId: r.mailbox_id }));
    },
  };
}
