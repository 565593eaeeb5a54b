import { Router, json } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Logger } from '../../observability/logger.ts';
import type { Store } from '../../store/store.ts';
import { usersRepo } from '../../store/users-repo.ts';
import { authenticate } from './authenticate.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { oidcRouter } from './oidc-router.ts';
import type { OidcProvider } from './oidc-providers.ts';
import { principalOf } from './principal.ts';
import { readCookie, secretHash, SESSION_COOKIE } from './secrets.ts';
import { openSession, sessionCookie } from './session-cookie.ts';

export const LoginBody = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) }).describe('Sign-in with a local account.');

export interface AuthRouterOptions {
  store: Store;
  /** Set the cookie's Secure flag (the service is reached over HTTPS, directly or behind a TLS proxy). */
  secureCookies: boolean;
  sessionTtlMs?: number;
  /** Sign-in attempts allowed per client address per window. */
  loginLimit?: { windowMs: number; limit: number };
  /** OIDC identity providers for "Sign in with …" (none = local accounts only). */
  oidc?: OidcProvider[];
  logger?: Logger;
}

/**
 * POST /login → session cookie (HttpOnly, SameSite=Lax, Secure behind TLS) + the CSRF token to echo in
 * X-CSRF-Token; POST /logout; GET /me → who am I, my tenants and roles, and the CSRF token again.
 */
export function authRouter(o: AuthRouterOptions): Router {
  const router = Router();
  const users = usersRepo(o.store.db);
  const ttl = o.sessionTtlMs ?? 12 * 3600_000;
  const limiter = rateLimit({
    windowMs: o.loginLimit?.windowMs ?? 15 * 60_000,
    limit: o.loginLimit?.limit ?? 10,
    // Only failed attempts count: guessing is what is limited, a team signing in from one office address is not.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: 'too_many_attempts' },
  });

  router.post('/login', limiter, json({ limit: '8kb' }), async (req, res) => {
    const body = LoginBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'invalid_input' });
      return;
    }
    const cred = await users.credentials(body.data.email);
    // Verify against a decoy when the user is unknown: same cost, no account enumeration by timing.
    const ok = await verifyPassword(body.data.password, cred?.passwordHash ?? (await decoyHash()));
    if (!cred || !cred.passwordHash || cred.disabled || !ok) {
      res.status(401).json({ error: 'invalid_credentials' });
      return;
    }
    const csrf = await openSession(users, res, cred.id, ttl, o.secureCookies);
    const user = await users.byId(cred.id);
    res.json({ user, memberships: await users.memberships(cred.id), csrfToken: csrf });
  });

  const auth = authenticate(o.store);
  router.post('/logout', auth, async (req, res) => {
    const sid = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (sid) await users.deleteSession(secretHash(sid));
    res.setHeader('Set-Cookie', sessionCookie('', 0, o.secureCookies));
    res.status(204).end();
  });
  router.get('/me', auth, (req, res) => {
    const p = principalOf(req)!;
    res.json({ user: { id: p.userId, email: p.email }, via: p.via, memberships: [...p.memberships].map(([tenantId, role]) => ({ tenantId, role })), csrfToken: p.csrf ?? null });
  });
  // Always mounted: with no provider configured, /oidc/providers lists none and the page shows no button.
  router.use('/oidc', oidcRouter({ store: o.store, providers: o.oidc ?? [], secureCookies: o.secureCookies, sessionTtlMs: ttl, ...(o.logger ? { logger: o.logger } : {}) }));
  return router;
}
