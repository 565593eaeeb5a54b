import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identitiesRepo } from '../../../../src/store/identities-repo.ts';
import { startOidcHarness, type OidcHarness } from './oidc-harness.ts';

async function me(h: OidcHarness, session: string) {
  const res = await fetch(`${h.base}/api/v1/auth/me`, { headers: { cookie: `mw_session=${session}` } });
  return { status: res.status, body: (await res.json()) as { user: { email: string }; via: string; memberships: { tenantId: string; role: string }[]; csrfToken: string } };
}

describe('OIDC dashboard sign-in against the Entra ID and Google emulators', () => {
  let h: OidcHarness;
  /** Alice's Entra object id: the emulator signs her in by it whatever her address becomes. */
  let aliceOid: string;
  beforeAll(async () => {
    h = await startOidcHarness();
    aliceOid = h.m365.store.findUser('alice@contoso.example')!.id;
    await h.addUser('alice@contoso.example', 'analyst');
    await h.addUser('gina@acme.example', 'admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists the configured providers for the sign-in page', async () => {
    const res = await fetch(`${h.base}/api/v1/auth/oidc/providers`);
    expect(await res.json()).toEqual({
      providers: [
        { id: 'entra', label: 'Sign in with Microsoft', startUrl: '/api/v1/auth/oidc/entra/start' },
        { id: 'google', label: 'Sign in with Google', startUrl: '/api/v1/auth/oidc/google/start' },
      ],
    });
  });

  it('sends PKCE (S256), state and nonce to the authorization endpoint', async () => {
    const start = await fetch(`${h.base}/api/v1/auth/oidc/entra/start`, { redirect: 'manual' });
    const url = new URL(start.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(`${h.m365.url}/${h.entraTenantId}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(`${h.base}/api/v1/auth/oidc/entra/callback`);
    expect(start.headers.get('set-cookie')).toMatch(/^mw_oidc=[^;]+; Path=\/api\/v1\/auth\/oidc; HttpOnly; SameSite=Lax/);
  });

  it('Entra ID: signs alice in with her role and links tid:oid, so a renamed address still matches', async () => {
    h.m365.entra.signInAs = aliceOid;
    const r = await h.signIn('entra');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/#/overview');
    const who = await me(h, r.session!);
    expect(who.body.user.email).toBe('alice@contoso.example');
    expect(who.body.via).toBe('session');
    expect(who.body.memberships).toEqual([{ tenantId: 'tA', role: 'analyst' }]);
    expect(who.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const alice = h.m365.store.findUser('alice@contoso.example')!;
    const userId = await identitiesRepo(h.store.db).userOf('entra', `${h.entraTenantId}:${alice.id}`);
    expect(userId).toBeTruthy();
    // The directory renames her; MailWarden still knows her by tid:oid.
    alice.userPrincipalName = 'alice.smith@contoso.example';
    alice.mail = 'alice.smith@contoso.example';
    h.m365.entra.signInAs = alice.id;
    const again = await h.signIn('entra');
    expect((await me(h, again.session!)).body.user.email).toBe('alice@contoso.example');
  });

  it('refuses an unknown identity with a clear page and creates nobody', async () => {
    h.m365.entra.signInAs = 'bob@contoso.example';
    const r = await h.signIn('entra');
    expect(r.status).toBe(403);
    expect(r.reason).toBe('unknown_user');
    expect(r.body).toContain('no MailWarden user has this address');
    expect(r.body).toContain('bob@contoso.example');
    expect(r.session).toBeNull();
    const count = await h.store.db.selectFrom('users' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    expect(Number((count as { n: number }).n)).toBe(2);
  });

  it.each([
    ['audience', { claims: { aud: 'some-other-app' } }, /JWT &#34;aud&#34; \(audience\)/],
    ['nonce', { claims: { nonce: 'replayed-nonce' } }, /&#34;nonce&#34; claim/],
    ['issuer', { claims: { iss: 'https://login.microsoftonline.com/evil-tenant/v2.0' } }, /&#34;iss&#34; \(issuer\)/],
    ['expiry', { claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200, nbf: Math.floor(Date.now() / 1000) - 7200 } }, /&#34;exp&#34; \(expiration time\)/],
    ['signature (key not in the JWKS)', { forgeSignature: true }, /JWT signature verification failed/],
  ])('refuses an ID token with a wrong %s', async (_name, tamper, code) => {
    h.m365.entra.signInAs = aliceOid;
    const issued = h.m365.entra.flow.issued;
    h.m365.entra.flow.tamperNext = tamper;
    const r = await h.signIn('entra');
    expect(h.m365.entra.flow.issued).toBe(issued + 1);
    expect(r.status).toBe(401);
    expect(r.reason).toBe('invalid_response');
    expect(r.body).toMatch(code);
    expect(r.session).toBeNull();
  });

  it('refuses a callback whose state does not match, and a replayed callback', async () => {
    h.m365.entra.signInAs = aliceOid;
    const r = await h.signIn('entra', { state: 'forged-state' });
    expect(r.status).toBe(401);
    expect(r.reason).toBe('invalid_response');
    const noFlow = await fetch(`${h.base}/api/v1/auth/oidc/entra/callback?code=x&state=y`, { redirect: 'manual' });
    expect(noFlow.status).toBe(400);
    expect(await noFlow.text()).toContain('data-reason="expired"');
  });

  it('Google: signs in a Workspace user (verified email, hd = its domain) with their role', async () => {
    h.google.signIn.signInAs = 'gina@acme.example';
    const r = await h.signIn('google');
    expect(r.status).toBe(303);
    const who = await me(h, r.session!);
    expect(who.body.user.email).toBe('gina@acme.example');
    expect(who.body.memberships).toEqual([{ tenantId: 'tA', role: 'admin' }]);
  });

  it('Google: refuses an unverified email, and an address of a domain no Workspace vouches for', async () => {
    await h.addUser('carol@contoso.example', 'viewer');
    h.google.signIn.consumers.set('carol@contoso.example', { sub: '1099', emailVerified: true });
    h.google.signIn.signInAs = 'carol@contoso.example';
    const r = await h.signIn('google');
    expect(r.status).toBe(403);
    expect(r.reason).toBe('domain_not_allowed');
    h.google.signIn.consumers.set('dave@gmail.com', { sub: '1100', emailVerified: false });
    await h.addUser('dave@gmail.com', 'viewer');
    h.google.signIn.signInAs = 'dave@gmail.com';
    const unverified = await h.signIn('google');
    expect(unverified.reason).toBe('email_unverified');
  });

  it('refuses a disabled user', async () => {
    await h.addUser('gus@acme.example', 'viewer');
    await h.store.db.updateTable('users' as never).set({ disabled: 1 } as never).where('email' as never, '=', 'gus@acme.example' as never).execute();
    h.google.signIn.signInAs = 'gus@acme.example';
    const r = await h.signIn('google');
    expect(r.status).toBe(403);
    expect(r.reason).toBe('user_disabled');
  });

  // Last: it uses up this address's allowance of started sign-ins.
  it('caps started sign-ins per address (each writes a pending row)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await fetch(`${h.base}/api/v1/auth/oidc/google/start`, { redirect: 'manual' })).status);
    expect(statuses.filter((x) => x === 303).length).toBeLessThanOrEqual(30);
    expect(statuses.at(-1)).toBe(429);
    const pending = await h.store.db.selectFrom('oidc_logins' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    expect(Number((pending as { n: number }).n)).toBeLessThanOrEqual(30);
  });
});

describe('OIDC configuration', () => {
  it('offers no provider when none is configured, and refuses half a configuration', async () => {
    const { loadConfig } = await import('../../../../src/config/load.ts');
    const { oidcProvidersFromConfig } = await import('../../../../src/http/auth/oidc-providers.ts');
    expect(oidcProvidersFromConfig(loadConfig({}))).toEqual([]);
    expect(() => oidcProvidersFromConfig(loadConfig({ OIDC_ENTRA_CLIENT_ID: 'x' }))).toThrow(/OIDC_ENTRA_CLIENT_SECRET/);
    expect(() => oidcProvidersFromConfig(loadConfig({ OIDC_ENTRA_CLIENT_ID: 'x', OIDC_ENTRA_CLIENT_SECRET: 'y' }))).toThrow(/OIDC_ENTRA_ALLOWED_TENANTS/);
    expect(() => oidcProvidersFromConfig(loadConfig({ OIDC_GOOGLE_CLIENT_ID: 'x', OIDC_GOOGLE_CLIENT_SECRET: 'y', OIDC_GOOGLE_ISSUER: 'http://idp.example' }))).toThrow(/must be https/);
    const entra = oidcProvidersFromConfig(loadConfig({ OIDC_ENTRA_CLIENT_ID: 'x', OIDC_ENTRA_CLIENT_SECRET: 'y', OIDC_ENTRA_ALLOWED_TENANTS: 'T1,t2', PUBLIC_URL: 'https://mw.example' }));
    expect(entra[0]!.issuer.href).toBe('https://login.microsoftonline.com/organizations/v2.0');
    expect([...entra[0]!.allowedTenants]).toEqual(['t1', 't2']);
    expect(entra[0]!.redirectUri).toBe('https://mw.example/api/v1/auth/oidc/entra/callback');
  });
});
