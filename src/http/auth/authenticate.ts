import type { NextFunction, Request, Response } from 'express';
import { apiTokensRepo } from '../../store/api-tokens-repo.ts';
import type { Store } from '../../store/store.ts';
import { usersRepo } from '../../store/users-repo.ts';
import { PLATFORM, setPrincipal, toMembershipMap, type Principal } from './principal.ts';
import { readCookie, secretHash, SESSION_COOKIE, TOKEN_PREFIX } from './secrets.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer mwt_…` or the session cookie, and enforces CSRF for cookie
 * sessions: every unsafe method must echo the session's synchronizer token in `X-CSRF-Token`. Tokens are
 * exempt (a browser never attaches them by itself). Anonymous callers get 401.
 */
export function authenticate(store: Store) {
  const users = usersRepo(store.db);
  const tokens = apiTokensRepo(store.db);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const principal = await resolve(req);
    if (!principal) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    if (principal.via === 'session' && !SAFE.has(req.method)) {
      const sent = req.get('x-csrf-token');
      if (!sent || sent !== principal.csrf) {
        res.status(403).json({ error: 'csrf_token_invalid' });
        return;
      }
    }
    setPrincipal(req, principal);
    next();
  };

  async function resolve(req: Request): Promise<Principal | null> {
    const auth = req.get('authorization');
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m?.[1]?.startsWith(TOKEN_PREFIX)) return null;
      const t = await tokens.resolve(secretHash(m[1]));
      if (!t) return null;
      const user = await users.byId(t.userId);
      if (!user || user.disabled) return null;
      return { userId: user.id, email: user.email, via: 'token', tokenName: t.name, memberships: await membershipsOf(user.id) };
    }
    const sid = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (!sid) return null;
    const s = await users.session(secretHash(sid));
    if (!s) return null;
    const user = await users.byId(s.userId);
    if (!user || user.disabled) return null;
    return { userId: user.id, email: user.email, via: 'session', csrf: s.csrf, memberships: await membershipsOf(user.id) };
  }

  /** A membership on `*` (platform operators, the bootstrap owner) applies to every tenant, explicit ones win. */
  async function membershipsOf(userId: string) {
    const map = toMembershipMap(await users.memberships(userId));
    const all = map.get(PLATFORM);
    if (all) for (const id of await store.tenants.listIds()) if (!map.has(id)) map.set(id, all);
    return map;
  }
}
