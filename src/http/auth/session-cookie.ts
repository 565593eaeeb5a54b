import type { Response } from 'express';
import type { UsersRepo } from '../../store/users-repo.ts';
import { newSecret, secretHash, SESSION_COOKIE } from './secrets.ts';

/** The dashboard session cookie: HttpOnly, SameSite=Lax (sent on the top-level redirect back from an IdP), Secure behind TLS. */
export function sessionCookie(value: string, maxAgeSec: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}${secure ? '; Secure' : ''}`;
}

/** Opens a session for the user (only the id's hash is stored) and sets its cookie; returns the CSRF token. */
export async function openSession(users: UsersRepo, res: Response, userId: string, ttlMs: number, secure: boolean): Promise<string> {
  const sid = newSecret();
  const csrf = newSecret();
  await users.createSession(secretHash(sid), userId, csrf, ttlMs);
  res.append('Set-Cookie', sessionCookie(sid, Math.floor(ttlMs / 1000), secure));
  return csrf;
}
