import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { adminAuthMigration, alertDeliveriesMigration, messageSummariesMigration } from './migration-admin.ts';
import { mailboxGroupsMigration } from './migration-mailbox-groups.ts';
import { holdModeMigration } from './migration-hold.ts';
import { dlpIncidentsMigration } from './dlp-incidents-migration.ts';
import { oidcIdentitiesMigration } from './migration-oidc.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Schema migrations, in code so they ship with the service and run at start. Never edit a released
 * migration; add the next one.
 */
export function migrations(dialect: Dialect): MigrationProvider {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const all: Record<string, Migration> = {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('tenants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('settings_enc', 'text', (c) => c.notNull())
          .addColumn('endpoints', 'text')
          .addColumn('policy', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('mailboxes')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('mailbox_id', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text')
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('mailboxes_pk', ['tenant_id', 'mailbox_id'])
          .execute();
        await db.schema.createIndex('mailboxes_address').on('mailboxes').columns(['provider', 'address']).execute();
        await db.schema
          .createTable('subscriptions')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('subscription_id', 'text', (c) => c.notNull())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('mailbox_id', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('secret_enc', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('subscriptions_pk', ['provider', 'subscription_id'])
          .execute();
        await db.schema.createIndex('subscriptions_mailbox').on('subscriptions').columns(['tenant_id', 'mailbox_id']).execute();
        await db.schema.createIndex('subscriptions_expiry').on('subscriptions').column('expires_at').execute();
        await db.schema
          .createTable('cursors')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('mailbox_id', 'text', (c) => c.notNull())
          .addColumn('cursor', 'text')
          .addColumn('last_sync_at', 'text')
          .addPrimaryKeyConstraint('cursors_pk', ['tenant_id', 'mailbox_id'])
          .execute();
        await db.schema
          .createTable('messages')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('mailbox_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('first_seen_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('messages_tenant_status').on('messages').columns(['tenant_id', 'status']).execute();
        await db.schema
          .createTable('verdicts')
          .addColumn('message_key', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('verdict', 'text', (c) => c.notNull())
          .addColumn('score', 'double precision', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull())
          .addColumn('findings', 'text', (c) => c.notNull())
          .addColumn('failures', 'text', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull())
          .addColumn('scan_ms', 'double precision', (c) => c.notNull())
          .addColumn('scanned_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('verdicts_tenant_kind').on('verdicts').columns(['tenant_id', 'verdict']).execute();
        await db.schema
          .createTable('actions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('message_key', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('detail', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('actions_message').on('actions').column('message_key').execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('detail', 'text')
          .execute();
        await db.schema.createIndex('audit_tenant_at').on('audit_log').columns(['tenant_id', 'at']).execute();
        await db.schema
          .createTable('sender_history')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('domain', 'text', (c) => c.notNull())
          .addColumn('messages', 'integer', (c) => c.notNull())
          .addColumn('flagged', 'integer', (c) => c.notNull())
          .addColumn('first_seen', 'text', (c) => c.notNull())
          .addColumn('last_seen', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sender_history_pk', ['tenant_id', 'sender'])
          .execute();
        await db.schema.createIndex('sender_history_domain').on('sender_history').columns(['tenant_id', 'domain']).execute();
        await db.schema
          .createTable('dead_letters')
          .addColumn('job_id', 'text', (c) => c.notNull())
          .addColumn('queue', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('error_code', 'text', (c) => c.notNull())
          .addColumn('error', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('failed_at', 'text', (c) => c.notNull())
          .addColumn('replayed_at', 'text')
          .addPrimaryKeyConstraint('dead_letters_pk', ['queue', 'job_id'])
          .execute();
        await db.schema
          .createTable('vault')
          .addColumn('message_key', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('mailbox_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('sealed', blob)
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('stored_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('purged_at', 'text')
          .execute();
        await db.schema.createIndex('vault_expiry').on('vault').column('expires_at').execute();
        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0002_admin_auth': adminAuthMigration,
    '0003_alert_deliveries': alertDeliveriesMigration,
    '0004_message_summaries': messageSummariesMigration,
    '0005_hold_mode': holdModeMigration,
    '0006_dlp_incidents': dlpIncidentsMigration,
    '0007_oidc_identities': oidcIdentitiesMigration,
    '0008_mailbox_groups': mailboxGroupsMigration,
  };
  return { getMigrations: async () => all };
}
