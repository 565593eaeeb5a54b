import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@microsoft/microsoft-graph-client';
import { listenHttps, type RunningHttps } from '../../../emulators/tls/https-server.ts';
import { testTls } from '../../../emulators/tls/test-ca.ts';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant, mime, type TestTenant } from '../../../emulators/m365/test-tenant.ts';
import { rejection, sdkFor } from './sdk.ts';

/** An HTTPS receiver that echoes validation tokens and records notification batches. */
async function receiver(options: { echo?: (token: string) => string; failFirst?: number; delayMs?: number } = {}) {
  const batches: { path: string; value: Record<string, unknown>[] }[] = [];
  let failures = options.failFirst ?? 0;
  const server: RunningHttps = await listenHttps(testTls(), (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(options.echo ? options.echo(token) : token);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (failures > 0) {
        failures--;
        res.writeHead(500).end();
        return;
      }
      batches.push({ path: url.pathname, value: JSON.parse(Buffer.concat(chunks).toString()).value });
      res.writeHead(202).end();
    });
  });
  return { server, batches, url: `${server.url}/hook`, all: () => batches.flatMap((b) => b.value) };
}

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const IMM = { Prefer: 'IdType="ImmutableId"' };

describe('m365 emulator: subscriptions and notifications', () => {
  let emu: M365Emulator;
  let t: TestTenant;
  let client: Client;
  beforeAll(async () => {
    emu = await startM365Emulator({ notifier: { retryDelaysMs: [20, 20], batchDelayMs: 5 } });
    t = createTestTenant(emu, { users: 3 });
    client = sdkFor(t.connection).client;
  });
  afterAll(async () => emu.close());

  it('creates after an exact validation echo, notifies with clientState and immutable ids, renews, reauthorizes, deletes', async () => {
    const r = await receiver();
    try {
      const u = t.users[0];
      const sub = await client.api('/subscriptions').headers(IMM).post({ changeType: 'created', notificationUrl: r.url, lifecycleNotificationUrl: `${r.url}/lifecycle`, resource: `users/${u.id}/mailFolders('inbox')/messages`, expirationDateTime: inMinutes(60), clientState: 's3cret' });
      expect(emu.subscriptions.validations).toBeGreaterThanOrEqual(2);
      const msg = emu.control.deliver(u.id, mime({ to: u.mail, subject: 'notify me' }));
      emu.control.deliver(u.id, mime({ to: u.mail, subject: 'sent' }), 'sentitems');
      await emu.control.settle();
      const got = r.all();
      expect(got).toHaveLength(1);
      expect(got[0]).toEqual(expect.objectContaining({ subscriptionId: sub.id, changeType: 'created', clientState: 's3cret', tenantId: t.tenant.id }));
      expect((got[0].resourceData as { id: string }).id).toBe(msg.immutableId);

      const renewed = await client.api(`/subscriptions/${sub.id}`).patch({ expirationDateTime: inMinutes(120) });
      expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(sub.expirationDateTime));
      await client.api(`/subscriptions/${sub.id}/reauthorize`).post({});
      await client.api(`/subscriptions/${sub.id}`).delete();
      expect((await rejection(client.api(`/subscriptions/${sub.id}`).get())).statusCode).toBe(404);
    } finally {
      await r.server.close();
    }
  });

  it('refuses a wrong echo, an expiry past the cap, a clientState over 128 chars and plain http', async () => {
    const bad = await receiver({ echo: (tok) => tok.toUpperCase() });
    const good = await receiver();
    try {
      const base = { changeType: 'created', resource: `users/${t.users[0].id}/messages`, expirationDateTime: inMinutes(60) };
      expect((await rejection(client.api('/subscriptions').post({ ...base, notificationUrl: bad.url }))).code).toBe('ValidationError');
      expect((await rejection(client.api('/subscriptions').post({ ...base, notificationUrl: good.url, expirationDateTime: inMinutes(10_081) }))).statusCode).toBe(400);
      expect((await rejection(client.api('/subscriptions').post({ ...base, notificationUrl: good.url, clientState: 'x'.repeat(129) }))).statusCode).toBe(400);
      expect((await rejection(client.api('/subscriptions').post({ ...base, notificationUrl: good.url.replace('https:', 'http:') }))).statusCode).toBe(400);
      const ok = await client.api('/subscriptions').post({ ...base, notificationUrl: good.url, expirationDateTime: inMinutes(10_079) });
      expect(ok.id).toBeTruthy();
    } finally {
      await bad.server.close();
      await good.server.close();
    }
  });

  it('retries a failing endpoint, and after the retries sends a "missed" lifecycle event', async () => {
    const flaky = await receiver({ failFirst: 2 });
    const dead = await receiver({ failFirst: 1000 });
    try {
      const u = t.users[1];
      await client.api('/subscriptions').post({ changeType: 'created', notificationUrl: flaky.url, resource: `users/${u.id}/messages`, expirationDateTime: inMinutes(60), clientState: 'a' });
      emu.control.deliver(u.id, mime({ to: u.mail, subject: 'eventually' }));
      await emu.control.settle();
      expect(flaky.all()).toHaveLength(1);

      const deadSub = await client.api('/subscriptions').post({ changeType: 'created', notificationUrl: dead.url, lifecycleNotificationUrl: flaky.url.replace('/hook', '/life'), resource: `users/${u.id}/messages`, expirationDateTime: inMinutes(60), clientState: 'b' });
      emu.control.deliver(u.id, mime({ to: u.mail, subject: 'lost' }));
      await emu.control.settle();
      await emu.control.settle();
      const life = flaky.batches.filter((b) => b.path === '/life').flatMap((b) => b.value);
      expect(life).toEqual([expect.objectContaining({ subscriptionId: deadSub.id, lifecycleEvent: 'missed' })]);
    } finally {
      await flaky.server.close();
      await dead.server.close();
    }
  });

  it('drops notifications when told to, and sends lifecycle events on demand', async () => {
    const r = await receiver();
    try {
      const u = t.users[2];
      const sub = await client.api('/subscriptions').post({ changeType: 'created', notificationUrl: r.url, lifecycleNotificationUrl: `${r.url}/lifecycle`, resource: `users/${u.id}/messages`, expirationDateTime: inMinutes(60), clientState: 'c' });
      emu.control.dropNotifications(0.5);
      for (let i = 0; i < 40; i++) emu.control.deliver(u.id, mime({ to: u.mail, subject: `m${i}` }));
      await emu.control.settle();
      emu.control.dropNotifications(0);
      const n = r.all().filter((x) => !x.lifecycleEvent).length;
      expect(n).toBeGreaterThan(5);
      expect(n).toBeLessThan(35);
      expect(emu.control.lifecycle(sub.id, 'subscriptionRemoved')).toBe(true);
      await emu.control.settle();
      expect(r.all().filter((x) => x.lifecycleEvent === 'subscriptionRemoved')).toHaveLength(1);
      expect((await rejection(client.api(`/subscriptions/${sub.id}`).get())).statusCode).toBe(404);
    } finally {
      await r.server.close();
    }
  });

  it('puts an endpoint that answers slowly on the slow path (later deliveries are held back)', async () => {
    const slowEmu = await startM365Emulator({ notifier: { slowThresholdMs: 40, slowDelayMs: 5, batchDelayMs: 5 } });
    const r = await receiver({ delayMs: 80 });
    try {
      const s = createTestTenant(slowEmu, { users: 1 });
      const c = sdkFor(s.connection).client;
      const u = s.users[0];
      await c.api('/subscriptions').post({ changeType: 'created', notificationUrl: r.url, resource: `users/${u.id}/messages`, expirationDateTime: inMinutes(60), clientState: 'z' });
      slowEmu.control.deliver(u.id, mime({ to: u.mail, subject: 'first' }));
      await slowEmu.control.settle();
      expect(slowEmu.notifier.stats.slowDelays).toBe(0);
      slowEmu.control.deliver(u.id, mime({ to: u.mail, subject: 'second' }));
      await slowEmu.control.settle();
      expect(slowEmu.notifier.stats.slowDelays).toBe(1);
      expect(r.all()).toHaveLength(2);
    } finally {
      await r.server.close();
      await slowEmu.close();
    }
  });
});
