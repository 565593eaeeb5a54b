import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.ts';

export interface SenderStats {
  messages: number;
  domainMessages: number;
  flagged: number;
  firstSeen: Date | null;
}

/** Per-tenant sender history for the rule engine: how often we saw a sender and how often it was flagged. */
export function senderHistoryRepo(db: Kysely<Database>) {
  return {
    async record(tenantId: string, sender: string, flagged: boolean): Promise<void> {
      const email = sender.toLowerCase();
      const domain = email.slice(email.lastIndexOf('@') + 1);
      const now = new Date().toISOString();
      const f = flagged ? 1 : 0;
      await db
        .insertInto('sender_history')
        .values({ tenant_id: tenantId, sender: email, domain, messages: 1, flagged: f, first_seen: now, last_seen: now })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'sender']).doUpdateSet({ messages: sql`sender_history.messages + 1`, flagged: sql`sender_history.flagged + ${f}`, last_seen: now }),
        )
        .execute();
    },
    async lookup(tenantId: string, sender: string): Promise<SenderStats | null> {
      const email = sender.toLowerCase();
      const domain = email.slice(email.lastIndexOf('@') + 1);
      const row = await db.selectFrom('sender_history').selectAll().where('tenant_id', '=', tenantId).where('sender', '=', email).executeTakeFirst();
      const dom = await db
        .selectFrom('sender_history')
        .select((eb) => eb.fn.sum<number>('messages').as('n'))
        .where('tenant_id', '=', tenantId)
        .where('domain', '=', domain)
        .executeTakeFirst();
      const domainMessages = Number(dom?.n ?? 0);
      if (!row && domainMessages === 0) return null;
      return { messages: row?.messages ?? 0, domainMessages, flagged: row?.flagged ?? 0, firstSeen: row ? new Date(row.first_seen) : null };
    },
  };
}
