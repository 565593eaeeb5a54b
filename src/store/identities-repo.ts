import type { Kysely } from 'kysely';
import type { AdminDatabase } from './admin-tables.ts';
import type { Database } from './tables.ts';

/** Rows of migration 0007. */
export interface UserIdentitiesTable {
  /** `entra` or `google`. */
  provider: string;
  /** Entra ID: `<tid>:<oid>`; Google: `sub`. Immutable for the person, unlike their email. */
  subject: string;
  user_id: string;
  /** The email the identity had when it was linked (shown to admins, never used to match again). */
  email: string;
  created_at: string;
  last_login_at: string;
}

export interface OidcLoginsTable {
  /** sha256 of the browser's flow cookie: the flow finishes only in the browser that started it. */
  id_hash: string;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  expires_at: string;
}

interface OidcDatabase extends AdminDatabase {
  user_identities: UserIdentitiesTable;
  oidc_logins: OidcLoginsTable;
}

export interface PendingLogin {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** External identities linked to users, and the pending OIDC authorization requests. */
export function identitiesRepo(base: Kysely<Database>) {
  const db = base as unknown as Kysely<OidcDatabase>;
  return {
    async userOf(provider: string, subject: string): Promise<string | null> {
      const r = await db.selectFrom('user_identities').select('user_id').where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
      return r?.user_id ?? null;
    },
    /** Subjects of this provider already linked to the user (a second, different one means another person). */
    async subjectsOf(userId: string, provider: string): Promise<string[]> {
      const rows = await db.selectFrom('user_identities').select('subject').where('user_id', '=', userId).where('provider', '=', provider).execute();
      return rows.map((r) => r.subject);
    },
    async link(provider: string, subject: string, userId: string, email: string): Promise<void> {
      const now = new Date().toISOString();
      await db
        .insertInto('user_identities')
        .values({ provider, subject, user_id: userId, email: email.toLowerCase(), created_at: now, last_login_at: now })
        .onConflict((oc) => oc.columns(['provider', 'subject']).doUpdateSet({ last_login_at: now }))
        .execute();
    },
    async touch(provider: string, subject: string): Promise<void> {
      await db.updateTable('user_identities').set({ last_login_at: new Date().toISOString() }).where('provider', '=', provider).where('subject', '=', subject).execute();
    },
    async savePending(idHash: string, p: PendingLogin, ttlMs: number): Promise<void> {
      const now = new Date().toISOString();
      // Expired flows of anyone are swept here: there is no other writer, so no scheduler task is needed.
      await db.deleteFrom('oidc_logins').where('expires_at', '<', now).execute();
      await db
        .insertInto('oidc_logins')
        .values({ id_hash: idHash, provider: p.provider, state: p.state, nonce: p.nonce, code_verifier: p.codeVerifier, expires_at: new Date(Date.now() + ttlMs).toISOString() })
        .execute();
    },
    /** Returns and deletes the pending flow: a callback replayed with the same cookie finds nothing. */
    async takePending(idHash: string): Promise<PendingLogin | null> {
      const r = await db.selectFrom('oidc_logins').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', new Date().toISOString()).executeTakeFirst();
      const gone = await db.deleteFrom('oidc_logins').where('id_hash', '=', idHash).executeTakeFirst();
      if (!r || Number(gone.numDeletedRows) === 0) return null;
      return { provider: r.provider, state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier };
    },
  };
}

export type IdentitiesRepo = ReturnType<typeof identitiesRepo>;
