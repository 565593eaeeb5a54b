import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { loadConfig } from '../../../../src/config/load.ts';
import { authRouter } from '../../../../src/http/auth/auth-router.ts';
import { oidcProvidersFromConfig } from '../../../../src/http/auth/oidc-providers.ts';
import { createKeyring } from '../../../../src/store/crypto.ts';
import { openStore, type Store } from '../../../../src/store/store.ts';
import { usersRepo, type Role } from '../../../../src/store/users-repo.ts';
import { GoogleEmulator } from '../../../emulators/google/google-emulator.ts';
import type { OAuthClient } from '../../../emulators/google/oauth-sign-in.ts';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { freePort } from '../../../helpers/free-port.ts';

/**
 * The sign-in routes (`/api/v1/auth`, the real router with both providers configured) on a loopback port, an
 * Entra ID tenant in the M365 emulator and a Workspace in the Google emulator, each with an app registered for
 * our callback URL, and a browser-less client that follows the redirects carrying its cookies.
 */
export interface OidcHarness {
  base: string;
  store: Store;
  m365: M365Emulator;
  google: GoogleEmulator;
  entraTenantId: string;
  googleClient: OAuthClient;
  addUser(email: string, role: Role, tenantId?: string): Promise<string>;
  /** Runs one sign-in from the start URL; returns the final answer of our callback and the session cookie. */
  signIn(provider: 'entra' | 'google', tweak?: { state?: string }): Promise<SignInResult>;
  close(): Promise<void>;
}

export interface SignInResult {
  status: number;
  location: string | null;
  session: string | null;
  /** The refusal page's data-reason, when refused. */
  reason: string | null;
  body: string;
}

export async function startOidcHarness(env: Record<string, string> = {}): Promise<OidcHarness> {
  const m365 = await startM365Emulator();
  const google = await GoogleEmulator.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { tenant } = m365.control.createTenant('contoso.example', ['alice', 'bob', 'mallory']);
  const entraApp = m365.control.createApp({ redirectUris: [`${base}/api/v1/auth/oidc/entra/callback`], secret: 'entra-sign-in-secret' });
  google.addUser('gina@acme.example');
  google.addUser('gus@acme.example');
  const googleClient = google.signIn.registerClient([`${base}/api/v1/auth/oidc/google/callback`]);
  const config = loadConfig({
    PUBLIC_URL: base,
    OIDC_ENTRA_CLIENT_ID: entraApp.appId,
    OIDC_ENTRA_CLIENT_SECRET: 'entra-sign-in-secret',
    OIDC_ENTRA_TENANT: tenant.id,
    OIDC_ENTRA_AUTHORITY: m365.url,
    OIDC_GOOGLE_CLIENT_ID: googleClient.clientId,
    OIDC_GOOGLE_CLIENT_SECRET: googleClient.clientSecret,
    OIDC_GOOGLE_ISSUER: google.signIn.issuer,
    ...env,
  });
  const store = await openStore({ sqliteFile: ':memory:', keyring: createKeyring('k1', randomBytes(32)) });
  const app = express();
  app.use('/api/v1/auth', authRouter({ store, secureCookies: false, oidc: oidcProvidersFromConfig(config), loginLimit: { windowMs: 60_000, limit: 1000 } }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  const users = usersRepo(store.db);

  async function signIn(provider: 'entra' | 'google', tweak: { state?: string } = {}): Promise<SignInResult> {
    const start = await fetch(`${base}/api/v1/auth/oidc/${provider}/start`, { redirect: 'manual' });
    if (start.status !== 303) throw new Error(`start answered ${start.status}: ${await start.text()}`);
    const flow = cookieOf(start, 'mw_oidc');
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    if (authorize.status !== 302) throw new Error(`authorize answered ${authorize.status}: ${await authorize.text()}`);
    const back = new URL(authorize.headers.get('location')!);
    if (tweak.state !== undefined) back.searchParams.set('state', tweak.state);
    const cb = await fetch(back, { redirect: 'manual', headers: flow ? { cookie: `mw_oidc=${flow}` } : {} });
    const body = await cb.text();
    return { status: cb.status, location: cb.headers.get('location'), session: cookieOf(cb, 'mw_session'), reason: /data-reason="([^"]+)"/.exec(body)?.[1] ?? null, body };
  }

  return {
    base,
    store,
    m365,
    google,
    entraTenantId: tenant.id,
    googleClient,
    async addUser(email, role, tenantId = 'tA') {
      const u = (await users.byEmail(email)) ?? (await users.create(email, null));
      await users.grant(u.id, tenantId, role);
      return u.id;
    },
    signIn,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await m365.close();
      await google.close();
    },
  };
}

/** The value a Set-Cookie header gives `name` (empty values, i.e. deletions, count as none). */
export function cookieOf(res: Response, name: string): string | null {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m?.[1]) return m[1];
  }
  return null;
}
