import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant } from '../../../emulators/m365/test-tenant.ts';
import { rejection, sdkFor } from './sdk.ts';

describe('m365 emulator: Entra ID through MSAL', () => {
  let emu: M365Emulator;
  beforeAll(async () => {
    emu = await startM365Emulator();
  });
  afterAll(async () => emu.close());

  it('serves OpenID discovery for a tenant with the fields MSAL requires', async () => {
    const t = createTestTenant(emu);
    const res = await fetch(`${emu.url}/${t.tenant.id}/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${emu.url}/${t.tenant.id}/oauth2/v2.0/token`);
    for (const k of ['authorization_endpoint', 'issuer', 'jwks_uri']) expect(doc[k]).toBeTruthy();
  });

  it('issues a token for a client secret and the Graph client uses it', async () => {
    const t = createTestTenant(emu, { users: 1 });
    const { client } = sdkFor(t.connection);
    const me = await client.api(`/users/${t.users[0].id}`).get();
    expect(me.userPrincipalName).toBe(t.users[0].userPrincipalName);
  });

  it('issues a token for a certificate assertion (PS256, x5t#S256) signed by MSAL', async () => {
    const t = createTestTenant(emu, { users: 1, credential: 'certificate' });
    const before = emu.identity.tokenRequests;
    const { tokens } = sdkFor(t.connection);
    const token = await tokens.getToken();
    expect(emu.identity.tokens.has(token)).toBe(true);
    expect(emu.identity.tokenRequests).toBe(before + 1);
  });

  it('rejects a certificate the app does not have registered', async () => {
    const t = createTestTenant(emu, { users: 1, credential: 'certificate' });
    t.app.certificates.clear();
    const err = await rejection(sdkFor(t.connection).tokens.getToken());
    expect(err.errorCode).toBe('invalid_client');
    expect(String(err.errorNo)).toBe('700027');
  });

  it('rejects a wrong secret, and a tenant that has not consented', async () => {
    const t = createTestTenant(emu, { users: 1 });
    const wrong = await rejection(sdkFor({ ...t.connection, settings: { ...t.connection.settings, clientSecret: 'nope' } }).tokens.getToken());
    expect(String(wrong.errorNo)).toBe('7000215');
    const noConsent = createTestTenant(emu, { users: 1, consent: false });
    const err = await rejection(sdkFor(noConsent.connection).tokens.getToken());
    expect(String(err.errorNo)).toBe('7000229');
  });

  it('revoking consent invalidates tokens already issued', async () => {
    const t = createTestTenant(emu, { users: 1 });
    const { client } = sdkFor(t.connection);
    await client.api(`/users/${t.users[0].id}`).get();
    emu.control.revokeConsent(t.tenant.id, t.app.appId);
    const err = await rejection(client.api(`/users/${t.users[0].id}`).get());
    expect(err.statusCode).toBe(401);
    expect(err.code).toBe('InvalidAuthenticationToken');
  });

  it('admin consent redirects back with tenant, admin_consent and state, or with an error', async () => {
    const redirect = 'https://localhost/onboard/m365/callback';
    const t = createTestTenant(emu, { users: 1, consent: false, redirectUris: [redirect] });
    emu.control.setConsent(t.tenant.id);
    const url = `${emu.url}/organizations/adminconsent?client_id=${t.app.appId}&redirect_uri=${encodeURIComponent(redirect)}&state=abc`;
    const ok = await fetch(url, { redirect: 'manual' });
    expect(ok.status).toBe(302);
    const back = new URL(ok.headers.get('location')!);
    expect(back.searchParams.get('tenant')).toBe(t.tenant.id);
    expect(back.searchParams.get('admin_consent')).toBe('True');
    expect(back.searchParams.get('state')).toBe('abc');
    expect(t.tenant.consentedApps.has(t.app.appId)).toBe(true);

    emu.control.setConsent(null);
    const denied = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('abc');
    // an unregistered redirect URI is refused outright, never redirected to
    const evil = await fetch(url.replace(encodeURIComponent(redirect), encodeURIComponent('https://evil.example/cb')), { redirect: 'manual' });
    expect(evil.status).toBe(400);
  });
});
