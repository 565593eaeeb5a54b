import type { Kysely, Migration } from 'kysely';

/**
 * 0008: the provider groups a mailbox belongs to (Entra ID group ids, Google organisational unit paths), as a
 * JSON array read at onboarding, for per-group policy. Null = unknown (never read, or the app may not read
 * group memberships): then only address members of a policy group apply to the mailbox.
 */
export const mailboxGroupsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('mailboxes').addColumn('group_ids', 'text').execute();
  },
};
