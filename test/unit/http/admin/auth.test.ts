import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepo } from '../../../../src/store/users-repo.ts';
import { hashPassword, verifyPassword } from '../../../../src/http/auth/password.ts';
import { drained, PASSWORD, signIn, startHarness, type Harness } from './harness.ts';

describe('admin API authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ loginLimit: { windowMs: 60_000, limit: 5 } });
    await h.addUser('analyst@a.example', { tA: 'analyst' });
    await h.addUser('viewer@a.example', { tA: 'viewer' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('hashes with scrypt and salt: two hashes of one password differ, both verify, a wrong password does not', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long enough password', a)).toBe(true);
    expect(await verifyPassword('a long enough passwore', a)).toBe(false);
  });

  it('sets an HttpOnly SameSite=Lax session cookie (not Secure on plain http) and stores only its hash', async () => {
    const s = await signIn(h.base, 'analyst@a.example');
    expect(s.setCookie).toMatch(/HttpOnly/);
    expect(s.setCookie).toMatch(/SameSite=Lax/);
    expect(s.setCookie).not.toMatch(/Secure/);
    const sid = s.cookie.split('=')[1]!;
    const rows = await h.rt.store.db.selectFrom('sessions' as never).selectAll().execute() as { id_hash: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(sid);
  });

  it('rejects unauthenticated calls with 401 and a forged cookie too', async () => {
    expect((await fetch(`${h.base}/api/v1/tenants`)).status).toBe(401);
    expect((await fetch(`${h.base}/api/v1/tenants`, { headers: { cookie: 'mw_session=forged' } })).status).toBe(401);
  });

  it('CSRF: a cookie session without the token (or with a wrong one) cannot change anything; with it, it can', async () => {
    const s = await signIn(h.base, 'analyst@a.example');
    const body = { reason: 'false positive' };
    const path = `/tenants/tA/messages/${h.messageKey.tA}/release`;
    const none = await s.fetch(path, { method: 'POST', body, csrf: false });
    expect(none.status).toBe(403);
    expect(await none.json()).toEqual({ error: 'csrf_token_invalid' });
    const wrong = await fetch(`${h.base}/api/v1${path}`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': 'x'.repeat(43) }, body: JSON.stringify(body) });
    expect(wrong.status).toBe(403);
    expect((await h.rt.store.actions.forMessage(h.messageKey.tA)).map((a) => a.action)).not.toContain('release');
    // Reads need no token.
    expect((await s.fetch('/tenants/tA/quarantine', { csrf: false })).status).toBe(200);
    const ok = await s.fetch(path, { method: 'POST', body });
    expect(ok.status).toBe(202);
    expect(((await ok.json()) as { results: { status: string }[] }).results[0]!.status).toBe('queued');
    await drained(h.rt);
    const audit = (await (await s.fetch(`/tenants/tA/audit?target=${encodeURIComponent(h.messageKey.tA)}`)).json()) as { items: { action: string; actor: string }[] };
    expect(audit.items.find((a) => a.action === 'release')?.actor).toBe('admin:analyst@a.example');
  });

  it('API tokens work without CSRF (never sent by a browser on its own), are stored hashed, and stop working once revoked', async () => {
    const s = await signIn(h.base, 'analyst@a.example');
    const created = (await (await s.fetch('/me/tokens', { method: 'POST', body: { name: 'siem' } })).json()) as { id: string; token: string };
    expect(created.token).toMatch(/^mwt_/);
    const auth = { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${h.base}/api/v1/tenants/tA/detections`, { headers: auth })).status).toBe(200);
    const put = await fetch(`${h.base}/api/v1/tenants/tA/policy`, { method: 'PUT', headers: auth, body: '{}' });
    expect(put.status).toBe(403); // token accepted without CSRF; an analyst may not edit policy
    const stored = await h.rt.store.db.selectFrom('api_tokens' as never).selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect((await s.fetch(`/me/tokens/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${h.base}/api/v1/tenants/tA/detections`, { headers: auth })).status).toBe(401);
  });

  it('roles: a viewer reads but cannot release (403); inputs are validated (400)', async () => {
    const v = await signIn(h.base, 'viewer@a.example');
    expect((await v.fetch('/tenants/tA/detections')).status).toBe(200);
    expect((await v.fetch('/tenants/tA/quarantine/release', { method: 'POST', body: { messageKeys: [h.messageKey.tA], reason: 'x' } })).status).toBe(403);
    const a = await signIn(h.base, 'analyst@a.example');
    expect((await a.fetch('/tenants/tA/quarantine/release', { method: 'POST', body: { messageKeys: [], reason: 'x' } })).status).toBe(400);
    expect((await a.fetch('/tenants/tA/detections?verdict=evil')).status).toBe(400);
  });

  it('rate-limits sign-in per client: after 5 failures the next attempt is refused with 429, even with the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${h.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'viewer@a.example', password: i < 5 ? 'wrong password!!' : PASSWORD }) });
      statuses.push(res.status);
    }
    // Successful sign-ins earlier in this file do not count: only failures are limited.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await usersRepo(h.rt.store.db).count()).toBe(2);
  });
});
