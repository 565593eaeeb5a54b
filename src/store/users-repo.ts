import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { adminDb } from './admin-tables.ts';
import type { Database } from './tables.ts';

export const ROLES = ['viewer', 'analyst', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** A user as the API sees it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  disabled: boolean;
  createdAt: string;
}

export interface Membership {
  tenantId: string;
  role: Role;
}

/** Local users, their tenant memberships, and cookie sessions (stored by hash). */
export function usersRepo(base: Kysely<Database>) {
  const db = adminDb(base);
  const view = (r: { id: string; email: string; disabled: number; created_at: string }): UserView => ({ id: r.id, email: r.email, disabled: r.disabled === 1, createdAt: r.created_at });
  return {
    async count(): Promise<number> {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async create(email: string, passwordHash: string | null): Promise<UserView> {
      const row = { id: randomUUID(), email: email.trim().toLowerCase(), password_hash: passwordHash, disabled: 0, created_at: new Date().toISOString() };
      await db.insertInto('users').values(row).execute();
      return view(row);
    },
    async setPassword(userId: string, passwordHash: string): Promise<void> {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
    /** For sign-in only: the one place the hash leaves the repository. */
    async credentials(email: string): Promise<{ id: string; passwordHash: string | null; disabled: boolean } | null> {
      const r = await db.selectFrom('users').select(['id', 'password_hash', 'disabled']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
      return r ? { id: r.id, passwordHash: r.password_hash, disabled: r.disabled === 1 } : null;
    },
    async byEmail(email: string): Promise<UserView | null> {
      const r = await db.selectFrom('users').select(['id', 'email', 'disabled', 'created_at']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
      return r ? view(r) : null;
    },
    async byId(id: string): Promise<UserView | null> {
      const r = await db.selectFrom('users').select(['id', 'email', 'disabled', 'created_at']).where('id', '=', id).executeTakeFirst();
      return r ? view(r) : null;
    },
    async memberships(userId: string): Promise<Membership[]> {
      const rows = await db.selectFrom('memberships').select(['tenant_id', 'role']).where('user_id', '=', userId).orderBy('tenant_id').execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, role: r.role as Role }));
    },
    async grant(userId: string, tenantId: string, role: Role): Promise<void> {
      await db
        .insertInto('memberships')
        .values({ user_id: userId, tenant_id: tenantId, role, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['user_id', 'tenant_id']).doUpdateSet({ role }))
        .execute();
    },
    async revoke(userId: string, tenantId: string): Promise<boolean> {
      const r = await db.deleteFrom('memberships').where('user_id', '=', userId).where('tenant_id', '=', tenantId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async members(tenantId: string): Promise<(UserView & { role: Role })[]> {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.email', 'users.disabled', 'users.created_at', 'memberships.role'])
        .where('memberships.tenant_id', '=', tenantId)
        .orderBy('users.email')
        .execute();
      return rows.map((r) => ({ ...view(r), role: r.role as Role }));
    },
    async createSession(idHash: string, userId: string, csrf: string, ttlMs: number): Promise<void> {
      const now = Date.now();
      await db.insertInto('sessions').values({ id_hash: idHash, user_id: userId, csrf, created_at: new Date(now).toISOString(), expires_at: new Date(now + ttlMs).toISOString() }).execute();
    },
    async session(idHash: string): Promise<{ userId: string; csrf: string } | null> {
      const r = await db.selectFrom('sessions').select(['user_id', 'csrf']).where('id_hash', '=', idHash).where('expires_at', '>', new Date().toISOString()).executeTakeFirst();
      return r ? { userId: r.user_id, csrf: r.csrf } : null;
    },
    async deleteSession(idHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
  };
}

export type UsersRepo = ReturnType<typeof usersRepo>;
