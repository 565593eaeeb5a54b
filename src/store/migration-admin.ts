import type { Kysely, Migration } from 'kysely';

/**
 * 0002: what the admin API needs: local users, their tenant memberships (one role per tenant), cookie sessions
 * (only a hash of the session id is stored), API tokens (hash only), and the per-tenant sender allow list that
 * "release and allow sender" writes.
 */
export const adminAuthMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('memberships')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'tenant_id'])
      .execute();
    await db.schema.createIndex('memberships_tenant').on('memberships').column('tenant_id').execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createTable('sender_allow')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sender_allow_pk', ['tenant_id', 'address'])
      .execute();
    await db.schema.createIndex('verdicts_tenant_time').on('verdicts').columns(['tenant_id', 'scanned_at']).execute();
    await db.schema.createIndex('audit_tenant_time').on('audit_log').columns(['tenant_id', 'at']).execute();
  },
};

/** 0003: alert deliveries per (message, sink), so alerts are sent once whatever replays the job. */
export const alertDeliveriesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('alert_deliveries')
      .addColumn('message_key', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('sink', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_deliveries_pk', ['message_key', 'sink'])
      .execute();
  },
};

/** 0004: what the detection list shows and filters on (sender, subject), recorded by the scan worker. */
export const messageSummariesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('message_summaries')
      .addColumn('message_key', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('sender', 'text', (c) => c.notNull())
      .addColumn('sender_name', 'text')
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('message_summaries_sender').on('message_summaries').columns(['tenant_id', 'sender']).execute();
  },
};
