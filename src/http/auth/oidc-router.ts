import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import * as client from 'openid-client';
import type { Logger } from '../../observability/logger.ts';
import { identitiesRepo } from '../../store/identities-repo.ts';
import type { Store } from '../../store/store.ts';
import { usersRepo } from '../../store/users-repo.ts';
import { identityFromClaims, isRefusal, userForIdentity } from './oidc-identity.ts';
import { sendRefusal } from './oidc-page.ts';
import type { OidcProvider } from './oidc-providers.ts';
import { newSecret, readCookie, secretHash } from './secrets.ts';
import { openSession } from './session-cookie.ts';

/** Binds a pending sign-in to the browser that started it (login CSRF: nobody can finish a flow into your browser). */
export const FLOW_COOKIE = 'mw_oidc';
const FLOW_PATH = '/api/v1/auth/oidc';
const FLOW_TTL_MS = 10 * 60_000;

export interface OidcRouterOptions {
  store: Store;
  providers: OidcProvider[];
  secureCookies: boolean;
  sessionTtlMs: number;
  logger?: Logger;
  /** Failed callbacks allowed per client address per window. */
  limit?: { windowMs: number; limit: number };
}

/**
 * Dashboard sign-in with OpenID Connect (authorization code + PKCE, state and nonce), mounted at /auth/oidc:
 * `GET /providers` (the buttons to show), `GET /:provider/start` (→ the IdP), `GET /:provider/callback`
 * (code → ID token verified by openid-client: signature against the IdP's JWKS, issuer, audience, expiry,
 * nonce; then the identity is mapped to an existing user and a session opens exactly as a password sign-in).
 */
export function oidcRouter(o: OidcRouterOptions): Router {
  const router = Router();
  const users = usersRepo(o.store.db);
  const identities = identitiesRepo(o.store.db);
  const byId = new Map(o.providers.map((p) => [p.id, p]));
  const flowCookie = (value: string, maxAgeSec: number) => `${FLOW_COOKIE}=${value}; Path=${FLOW_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}${o.secureCookies ? '; Secure' : ''}`;
  const limiter = rateLimit({
    windowMs: o.limit?.windowMs ?? 15 * 60_000,
    limit: o.limit?.limit ?? 20,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => sendRefusal(res, 429, 'unavailable', 'too many failed sign-ins from your address; wait a few minutes'),
  });

  // Every start writes a pending row: cap them per address so an anonymous client cannot fill the table.
  const startLimiter = rateLimit({
    windowMs: 60_000,
    limit: o.limit?.limit ?? 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => sendRefusal(res, 429, 'unavailable', 'too many sign-ins started from your address; wait a minute'),
  });

  router.get('/providers', (_req, res) => {
    res.json({ providers: o.providers.map((p) => ({ id: p.id, label: p.label, startUrl: `${FLOW_PATH}/${p.id}/start` })) });
  });

  router.get('/:provider/start', startLimiter, async (req, res) => {
    const p = byId.get(req.params.provider as OidcProvider['id']);
    if (!p) return void res.status(404).json({ error: 'not found' });
    let config: client.Configuration;
    try {
      config = await p.configuration();
    } catch (err) {
      o.logger?.warn({ provider: p.id, err: errName(err) }, 'oidc discovery failed');
      return sendRefusal(res, 502, 'unavailable', p.issuer.host);
    }
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const flow = newSecret();
    await identities.savePending(secretHash(flow), { provider: p.id, state, nonce, codeVerifier }, FLOW_TTL_MS);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: p.redirectUri,
      scope: p.scope,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(p.id === 'google' && p.hostedDomains.size === 1 ? { hd: [...p.hostedDomains][0]! } : {}),
      prompt: 'select_account',
    });
    res.set('Set-Cookie', flowCookie(flow, FLOW_TTL_MS / 1000));
    res.set('Cache-Control', 'no-store');
    res.redirect(303, url.href);
  });

  router.get('/:provider/callback', limiter, async (req, res) => {
    const p = byId.get(req.params.provider as OidcProvider['id']);
    if (!p) return void res.status(404).json({ error: 'not found' });
    res.append('Set-Cookie', flowCookie('', 0));
    const flow = readCookie(req.get('cookie'), FLOW_COOKIE);
    const pending = flow ? await identities.takePending(secretHash(flow)) : null;
    if (!pending || pending.provider !== p.id) return sendRefusal(res, 400, 'expired', 'no pending sign-in in this browser');
    const error = typeof req.query.error === 'string' ? req.query.error : null;
    if (error) return sendRefusal(res, 401, 'provider_error', error.slice(0, 100));
    let claims: Record<string, unknown>;
    try {
      const config = await p.configuration();
      const tokens = await client.authorizationCodeGrant(config, currentUrl(req, p.redirectUri), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    } catch (err) {
      // The code, the tokens and the claims never reach a log line; the library's error code says enough.
      o.logger?.warn({ provider: p.id, err: errName(err) }, 'oidc sign-in refused');
      return sendRefusal(res, 401, 'invalid_response', errName(err));
    }
    const identity = identityFromClaims(p, claims);
    const match = isRefusal(identity) ? identity : await userForIdentity(users, identities, identity);
    if (isRefusal(match)) {
      o.logger?.warn({ provider: p.id, reason: match.reason }, 'oidc sign-in refused');
      return sendRefusal(res, 403, match.reason, match.detail);
    }
    await openSession(users, res, match.userId, o.sessionTtlMs, o.secureCookies);
    res.set('Cache-Control', 'no-store');
    res.redirect(303, '/#/overview');
  });
  return router;
}

/**
 * The callback URL as the IdP redirected to it: our registered redirect URI plus the query we received. Built
 * from configuration, not from Host headers a proxy or an attacker could change.
 */
function currentUrl(req: Request, redirectUri: string): URL {
  const url = new URL(redirectUri);
  const q = req.originalUrl.indexOf('?');
  url.search = q >= 0 ? req.originalUrl.slice(q) : '';
  return url;
}

/**
 * A short, safe description of a failure: openid-client's error code and the wrapped oauth4webapi message,
 * fixed library texts such as 'unexpected JWT "aud" (audience) claim value' (never token contents).
 */
function errName(err: unknown): string {
  if (!(err instanceof Error)) return 'error';
  const e = err as Error & { code?: string };
  const inner = e.cause instanceof Error ? e.cause.message : e.message;
  return `${e.code ?? e.name}: ${inner}`.slice(0, 160);
}
