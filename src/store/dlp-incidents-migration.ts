import type { Kysely, Migration } from 'kysely';

/**
 * 0006: outbound DLP incidents, one per message that left with sensitive data, and the actions taken on each
 * (one row per incident and action, so concurrent workers never overwrite each other's status). Only masked
 * evidence is stored: the matched values never reach these tables.
 */
export const dlpIncidentsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dlp_incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('message_key', 'text', (c) => c.notNull().unique())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('mailbox_id', 'text', (c) => c.notNull())
      .addColumn('mailbox_address', 'text')
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('sender', 'text', (c) => c.notNull())
      .addColumn('recipients', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('rule_ids', 'text', (c) => c.notNull())
      .addColumn('match_count', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_by', 'text')
      .addColumn('status_at', 'text')
      .addColumn('status_note', 'text')
      .addColumn('detected_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dlp_incidents_tenant_time').on('dlp_incidents').columns(['tenant_id', 'detected_at']).execute();
    await db.schema.createIndex('dlp_incidents_tenant_status').on('dlp_incidents').columns(['tenant_id', 'status']).execute();
    await db.schema.createIndex('dlp_incidents_tenant_sender').on('dlp_incidents').columns(['tenant_id', 'sender']).execute();
    await db.schema
      .createTable('dlp_incident_actions')
      .addColumn('incident_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dlp_incident_actions_pk', ['incident_id', 'action'])
      .execute();
  },
};
