import type { Kysely } from 'kysely';
import type { MessageModel } from '../core/message.ts';
import type { Database } from './tables.ts';

export interface MessageSummariesTable {
  message_key: string;
  tenant_id: string;
  sender: string;
  sender_name: string | null;
  subject: string;
  created_at: string;
}

export type SummaryDatabase = Database & { message_summaries: MessageSummariesTable };

/** Sender and subject per scanned message (migration 0004), for the detection list and its sender filter. */
export function summariesRepo(base: Kysely<Database>) {
  const db = base as unknown as Kysely<SummaryDatabase>;
  return {
    /** Idempotent: the first record stands. */
    async record(messageKey: string, tenantId: string, model: Pick<MessageModel, 'sender' | 'subject'>): Promise<void> {
      await db
        .insertInto('message_summaries')
        .values({
          message_key: messageKey,
          tenant_id: tenantId,
          sender: (model.sender?.email?.email ?? '').toLowerCase().slice(0, 320),
          sender_name: model.sender?.display_name?.slice(0, 200) ?? null,
          subject: (model.subject?.subject ?? '').slice(0, 300),
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('message_key').doNothing())
        .execute();
    },
  };
}
