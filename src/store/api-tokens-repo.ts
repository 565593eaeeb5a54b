import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { adminDb } from './admin-tables.ts';
import type { Database } from './tables.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** API tokens for automation. Only a sha256 of the token is stored; the token itself is shown once. */
export function apiTokensRepo(base: Kysely<Database>) {
  const db = adminDb(base);
  return {
    async create(userId: string, name: string, tokenHash: string): Promise<ApiTokenView> {
      const row = { id: randomUUID(), user_id: userId, name, token_hash: tokenHash, created_at: new Date().toISOString(), last_used_at: null, revoked_at: null };
      await db.insertInto('api_tokens').values(row).execute();
      return { id: row.id, name, createdAt: row.created_at, lastUsedAt: null, revokedAt: null };
    },
    /** The owner of a live token, and marks it used. */
    async resolve(tokenHash: string): Promise<{ tokenId: string; userId: string; name: string } | null> {
      const r = await db.selectFrom('api_tokens').select(['id', 'user_id', 'name']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
      if (!r) return null;
      await db.updateTable('api_tokens').set({ last_used_at: new Date().toISOString() }).where('id', '=', r.id).execute();
      return { tokenId: r.id, userId: r.user_id, name: r.name };
    },
    async list(userId: string): Promise<ApiTokenView[]> {
      const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
    },
    async revoke(userId: string, tokenId: string): Promise<boolean> {
      const r = await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
