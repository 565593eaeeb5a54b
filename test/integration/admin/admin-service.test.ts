import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../../src/cli/serve-run.ts';
import { loadConfig } from '../../../src/config/load.ts';

/** The real service (all roles, embedded) with the admin API, the bootstrap owner and onboarding mounted. */
describe('admin API in the running service', () => {
  let dir: string;
  let svc: Service;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-admin-svc-'));
    const config = loadConfig({
      DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RULE_PACKS: 'none',
      ADMIN_BOOTSTRAP_EMAIL: 'owner@mailwarden.example', ADMIN_BOOTSTRAP_PASSWORD: 'demo password 12345',
      M365_CLIENT_ID: '11111111-2222-3333-4444-555555555555', M365_CLIENT_SECRET: 'not-a-real-secret', ONBOARDING_STATE_SECRET: 'state-secret-0123456789',
    });
    svc = await startService(config, 'all');
    base = `http://127.0.0.1:${svc.http!.port}`;
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/tenants/{tenantId}/detections', '/tenants/{tenantId}/quarantine/release', '/auth/login', '/events']));
    expect(doc.paths['/tenants/{tenantId}/detections']!.get!.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['tenantId', 'verdict', 'rule', 'mailbox', 'since', 'cursor']));
  });

  it('the demo bootstrap owner signs in; security headers are set; onboarding is behind sign-in', async () => {
    const anon = await fetch(`${base}/onboard/m365`, { redirect: 'manual' });
    expect(anon.status).toBe(401);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@mailwarden.example', password: 'demo password 12345' }) });
    expect(login.status).toBe(200);
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('content-security-policy')).toBeTruthy();
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await (await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })).json()) as { memberships: { tenantId: string; role: string }[] };
    expect(me.memberships).toEqual([{ tenantId: '*', role: 'owner' }]);
    const consent = await fetch(`${base}/onboard/m365`, { headers: { cookie }, redirect: 'manual' });
    expect(consent.status).toBe(302);
    const to = new URL(consent.headers.get('location')!);
    expect(to.pathname).toBe('/organizations/adminconsent');
    expect(to.searchParams.get('client_id')).toBe('11111111-2222-3333-4444-555555555555');
    expect(to.searchParams.get('redirect_uri')).toMatch(/\/onboard\/m365\/callback$/);
  });
});
