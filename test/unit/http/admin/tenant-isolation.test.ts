import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../../connectors/memory/index.ts';
import { ADMIN_ROUTES } from '../../../../src/http/admin/index.ts';
import { createWebhookDeps } from '../../../../src/pipeline/webhook-deps.ts';
import { testMessage } from '../../../helpers/verdict-detector.ts';
import { drained, signIn, startHarness, type Harness } from './harness.ts';

/** Valid-looking input per route, so a 404 can only come from the tenant check, never from validation. */
const BODIES: Record<string, unknown> = {
  'post /tenants/:tenantId/quarantine/release': { messageKeys: ['KEY'], reason: 'isolation test' },
  'post /tenants/:tenantId/quarantine/delete': { messageKeys: ['KEY'], reason: 'isolation test' },
  'post /tenants/:tenantId/messages/:messageKey/release': { reason: 'isolation test' },
  'post /tenants/:tenantId/messages/:messageKey/delete': { reason: 'isolation test' },
  'put /tenants/:tenantId/policy': { mode: 'monitor', actions: { clean: 'none', spam: 'none', suspicious: 'none', phishing: 'none', bec: 'none', malware: 'none' }, minScore: 0, tag: 'x' },
  'post /tenants/:tenantId/members': { email: 'intruder@a.example', role: 'viewer' },
  'post /me/tokens': { name: 'isolation' },
};

describe('tenant isolation: an analyst of tenant A sees nothing of tenant B, through every route', () => {
  let h: Harness;
  let analyst: Awaited<ReturnType<typeof signIn>>;
  let ownerB: Awaited<ReturnType<typeof signIn>>;
  let userB = '';
  let tokenB = '';

  beforeAll(async () => {
    h = await startHarness();
    await h.addUser('analyst@a.example', { tA: 'analyst' });
    // An owner of B (so the analyst holds the highest role anywhere in A only, and B has members and tokens).
    userB = await h.addUser('owner@b.example', { tB: 'owner' });
    analyst = await signIn(h.base, 'analyst@a.example');
    ownerB = await signIn(h.base, 'owner@b.example');
    tokenB = ((await (await ownerB.fetch('/me/tokens', { method: 'POST', body: { name: 'b-automation' } })).json()) as { id: string }).id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const fill = (path: string, tenant: 'tA' | 'tB') =>
    path.replace(':tenantId', tenant).replace(':messageKey', encodeURIComponent(h.messageKey[tenant])).replace(':userId', userB).replace(':tokenId', tokenB);
  const bodyFor = (key: string, tenant: 'tA' | 'tB') => JSON.parse(JSON.stringify(BODIES[key] ?? {}).replace('KEY', h.messageKey[tenant]));

  const tenantRoutes = ADMIN_ROUTES.filter((r) => r.path.includes(':tenantId'));

  it('enumerates the tenant routes from the router (a new route is covered without editing this test)', () => {
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(15);
    for (const r of tenantRoutes) if (r.method === 'post' || r.method === 'put') expect(BODIES[`${r.method} ${r.path}`], `sample body for ${r.method} ${r.path}`).toBeDefined();
  });

  it('every tenant route answers 404 for tenant B, and something other than 404 for tenant A', async () => {
    for (const r of tenantRoutes) {
      const key = `${r.method} ${r.path}`;
      const body = r.method === 'get' || r.method === 'delete' ? undefined : bodyFor(key, 'tB');
      const res = await analyst.fetch(fill(r.path, 'tB'), { method: r.method.toUpperCase(), ...(body ? { body } : {}) });
      expect(res.status, `${key} on tenant B`).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain(h.messageKey.tB);
      // The same route on the analyst's own tenant: 200/202 or 403 (role too low), never "not found".
      const own = await analyst.fetch(fill(r.path, 'tA').replace(userB, '00000000-0000-4000-8000-000000000000'), { method: r.method.toUpperCase(), ...(body ? { body: bodyFor(key, 'tA') } : {}) });
      if (r.path.includes(':userId')) expect([403, 404], key).toContain(own.status);
      else expect(own.status, `${key} on tenant A`).not.toBe(404);
    }
    // Nothing of B changed: its message is still quarantined and its policy untouched.
    const q = (await (await ownerB.fetch('/tenants/tB/quarantine')).json()) as { items: { messageKey: string }[] };
    expect(q.items.map((i) => i.messageKey)).toEqual([h.messageKey.tB]);
    expect(((await (await ownerB.fetch('/tenants/tB/policy')).json()) as { mode: string }).mode).toBe('enforce');
  }, 60_000);

  it('routes without a tenant show only the caller\'s tenants and objects (each such route has a check here)', async () => {
    const checks: Record<string, () => Promise<void>> = {
      'get /tenants': async () => {
        const list = (await (await analyst.fetch('/tenants')).json()) as { items: { id: string }[] };
        expect(list.items.map((t) => t.id)).toEqual(['tA']);
      },
      'get /rule-packs': async () => {
        const text = await (await analyst.fetch('/rule-packs')).text();
        expect(text).toContain('TEST_PHISHING');
        expect(text).not.toContain('tB');
      },
      'get /me/tokens': async () => {
        const mine = (await (await analyst.fetch('/me/tokens')).json()) as { items: { id: string }[] };
        expect(mine.items.map((t) => t.id)).not.toContain(tokenB);
      },
      'post /me/tokens': async () => {
        const res = await analyst.fetch('/me/tokens', { method: 'POST', body: { name: 'mine' } });
        expect(res.status).toBe(201);
        const audit = (await (await ownerB.fetch('/tenants/tB/audit?action=token.create')).json()) as { items: { actor: string }[] };
        expect(audit.items.every((a) => !a.actor.includes('analyst@a.example'))).toBe(true);
      },
      'delete /me/tokens/:tokenId': async () => {
        expect((await analyst.fetch(`/me/tokens/${tokenB}`, { method: 'DELETE' })).status).toBe(404);
        const still = (await (await ownerB.fetch('/me/tokens')).json()) as { items: { id: string; revokedAt: string | null }[] };
        expect(still.items.find((t) => t.id === tokenB)?.revokedAt).toBeNull();
      },
      'get /events': async () => {
        const ctrl = new AbortController();
        const res = await fetch(`${h.base}/api/v1/events`, { headers: { cookie: analyst.cookie }, signal: ctrl.signal });
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        const reader = res.body!.getReader();
        await reader.read(); // connected
        const webhooks = createWebhookDeps(h.rt.store, h.rt.queues);
        for (const t of ['tB', 'tA'] as const) {
          const id = sharedMemoryStore.deliver(t, 'u1', testMessage('phishing', t === 'tA' ? 101 : 102));
          await webhooks.enqueueNotification({ provider: 'memory', tenantId: t, mailboxId: 'u1', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, `live:${id}`);
        }
        await drained(h.rt);
        let text = '';
        const dec = new TextDecoder();
        while (!text.includes('"tenantId":"tA"')) text += dec.decode((await reader.read()).value);
        ctrl.abort();
        expect(text).toContain('event: detection');
        expect(text).not.toContain('"tenantId":"tB"');
      },
    };
    const globalRoutes = ADMIN_ROUTES.filter((r) => !r.path.includes(':tenantId')).map((r) => `${r.method} ${r.path}`);
    expect(globalRoutes.filter((k) => !checks[k]), 'routes without a tenant need a leak check').toEqual([]);
    for (const k of globalRoutes) await checks[k]!();
  }, 60_000);
});
