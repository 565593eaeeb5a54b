import type { Kysely, Migration } from 'kysely';

/**
 * 0005: inline hold per mailbox. `hold_state` is what MailWarden last did to the provider-side hold rule or
 * filter: installed | removed | failed (null = never touched); `hold_detail` says why it failed (error code and
 * text, never a credential); `hold_checked_at` is when it was last installed, removed or verified.
 */
export const holdModeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('mailboxes').addColumn('hold_state', 'text').execute();
    await db.schema.alterTable('mailboxes').addColumn('hold_detail', 'text').execute();
    await db.schema.alterTable('mailboxes').addColumn('hold_checked_at', 'text').execute();
  },
};
