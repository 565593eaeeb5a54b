import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Row types of the admin tables (migration 0002), kept beside the core tables without editing them. */
export interface UsersTable {
  id: string;
  email: string;
  /** scrypt$N$r$p$salt$hash; null for users who only sign in through OIDC. */
  password_hash: string | null;
  disabled: number;
  created_at: string;
}

export interface MembershipsTable {
  user_id: string;
  tenant_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a database read never yields a usable session. */
  id_hash: string;
  user_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AdminDatabase extends Database {
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}

/** The store's query builder seen with the admin tables (they exist once migration 0002 ran). */
export function adminDb(db: Kysely<Database>): Kysely<AdminDatabase> {
  return db as unknown as Kysely<AdminDatabase>;
}
