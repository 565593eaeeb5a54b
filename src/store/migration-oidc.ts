import type { Kysely, Migration } from 'kysely';

/**
 * 0007: OIDC sign-in. `user_identities` links an external identity (Entra ID `tid:oid`, Google `sub`) to the
 * MailWarden user an admin provisioned, so later sign-ins match on the immutable id instead of a renamable email.
 * `oidc_logins` holds each pending authorization request (state, nonce, PKCE verifier) under the hash of a
 * browser-bound cookie, single use and short lived, so any API process can finish a flow another one started.
 * Drops `sender_allow` (0002): "release and allow sender" writes the policy allow list instead.
 */
export const oidcIdentitiesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('sender_allow').ifExists().execute();
    await db.schema
      .createTable('user_identities')
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_login_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_identities_pk', ['provider', 'subject'])
      .execute();
    await db.schema.createIndex('user_identities_user').on('user_identities').columns(['user_id', 'provider']).execute();
    await db.schema
      .createTable('oidc_logins')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_logins_expiry').on('oidc_logins').column('expires_at').execute();
  },
};
