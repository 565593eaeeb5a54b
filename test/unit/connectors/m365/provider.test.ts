import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxRef } from '../../../../src/core/provider.ts';
import { createM365Provider, type M365Provider } from '../../../../connectors/m365/provider.ts';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant, mime, type TestTenant } from '../../../emulators/m365/test-tenant.ts';
import { echoReceiver } from '../../../emulators/m365/echo-receiver.ts';
import { errorCodeOf } from '../../../helpers/error-code.ts';


describe('m365 provider against the emulator', () => {
  let emu: M365Emulator;
  let t: TestTenant;
  let provider: M365Provider;
  const box = (i: number): MailboxRef => ({ tenantId: t.tenant.id, provider: 'm365', mailboxId: t.users[i].id, address: t.users[i].mail });
  beforeAll(async () => {
    emu = await startM365Emulator();
    t = createTestTenant(emu, { users: 8 });
    provider = createM365Provider(t.connection);
  });
  afterAll(async () => emu.close());

  it('lists every mailbox of the tenant', async () => {
    const list = await provider.listMailboxes();
    expect(list.map((m) => m.mailboxId).sort()).toEqual(t.users.map((u) => u.id).sort());
  });

  it('notification ids: Sent Items outbound, other folders inbound; our own moves (quarantine, junk) and releases are skipped', async () => {
    const mb = box(0);
    const a = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'in' }));
    const s = emu.control.deliver(mb.mailboxId, mime({ to: 'x@y', subject: 'out' }), 'sentitems');
    const q = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'quarantined' }));
    const r = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'released' }));
    await provider.remediate({ mailbox: mb, messageId: q.immutableId, direction: 'inbound' }, 'quarantine');
    await provider.remediate({ mailbox: mb, messageId: r.immutableId, direction: 'inbound' }, 'junk');
    await provider.remediate({ mailbox: mb, messageId: r.immutableId, direction: 'inbound' }, 'release');
    // a user's own inbox rule files some mail away on arrival: still new mail to scan
    const projects = emu.store.createFolder(mb.mailboxId, 'Projects', emu.store.wellKnown(mb.mailboxId, 'msgfolderroot').id);
    emu.store.rules.set('r1', { id: 'r1', userId: mb.mailboxId, displayName: 'file', sequence: 1, isEnabled: true, conditions: { subjectContains: ['[proj]'] }, actions: { moveToFolder: projects.id } });
    const filed = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: '[proj] filed' }));
    const j = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'junked' }));
    await provider.remediate({ mailbox: mb, messageId: j.immutableId, direction: 'inbound' }, 'junk');
    const notified = [a, s, q, r, filed, j].map((m) => m.immutableId);
    const batch = await provider.listChanges(mb, { kind: 'notification', messageIds: [...notified, 'gone-id'] }, null);
    expect(batch.messages).toEqual([
      { messageId: a.immutableId, direction: 'inbound' },
      { messageId: s.immutableId, direction: 'outbound' },
      { messageId: filed.immutableId, direction: 'inbound' },
    ]);
    expect(batch.nextCursor).toBeNull();
  });

  it('catch-up by delta finds mail whose notification never came, and re-syncs boundedly after an expired token', async () => {
    const mb = box(1);
    const start = await provider.listChanges(mb, { kind: 'catchup', reason: 'start' }, null);
    const m1 = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'missed one' }));
    const first = await provider.listChanges(mb, { kind: 'catchup', reason: 'gap' }, start.nextCursor);
    expect(first.messages).toEqual([{ messageId: m1.immutableId, direction: 'inbound' }]);
    expect(first.fullSync).toBeUndefined();
    const again = await provider.listChanges(mb, { kind: 'catchup', reason: 'again' }, first.nextCursor);
    expect(again.messages).toEqual([]);
    emu.control.expireDeltaTokens();
    const m2 = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'after expiry' }));
    const resync = await provider.listChanges(mb, { kind: 'catchup', reason: 'expired' }, again.nextCursor);
    expect(resync.fullSync).toBe(true);
    expect(resync.messages.map((m) => m.messageId)).toEqual(expect.arrayContaining([m1.immutableId, m2.immutableId]));
  });

  it('mailbox and tenant states are typed errors, not outages', async () => {
    t.users[2].mailboxEnabled = false;
    t.users[3].accessDenied = true;
    const ref = (i: number) => ({ mailbox: box(i), messageId: 'x', direction: 'inbound' as const });
    expect(await errorCodeOf(provider.fetchRaw(ref(2), { maxBytes: 1000 }))).toBe('mailbox_unavailable');
    expect(await errorCodeOf(provider.fetchRaw(ref(3), { maxBytes: 1000 }))).toBe('forbidden');
    const other = createTestTenant(emu, { users: 1 });
    const p2 = createM365Provider(other.connection);
    const r2 = { mailbox: { tenantId: other.tenant.id, provider: 'm365' as const, mailboxId: other.users[0].id, address: other.users[0].mail }, messageId: 'x', direction: 'inbound' as const };
    expect(await errorCodeOf(p2.fetchRaw(r2, { maxBytes: 1000 }))).toBe('not_found');
    emu.control.revokeConsent(other.tenant.id, other.app.appId);
    // the cached token is refused, a fresh one cannot be had: consent_revoked
    expect(await errorCodeOf(p2.fetchRaw(r2, { maxBytes: 1000 }))).toBe('consent_revoked');
  });

  it('certificate credentials work as well as secrets', async () => {
    const c = createTestTenant(emu, { users: 1, credential: 'certificate' });
    const p = createM365Provider(c.connection);
    const m = emu.control.deliver(c.users[0].id, mime({ to: c.users[0].mail, subject: 'cert' }));
    const before = emu.identity.tokenRequests;
    const ref = { mailbox: { tenantId: c.tenant.id, provider: 'm365' as const, mailboxId: c.users[0].id, address: c.users[0].mail }, messageId: m.immutableId, direction: 'inbound' as const };
    const raw = await p.fetchRaw(ref, { maxBytes: 10_000 });
    expect(Buffer.from(raw).toString()).toContain('Subject: cert');
    for (let i = 0; i < 5; i++) await p.fetchRaw(ref, { maxBytes: 10_000 });
    // one token for all six calls: it is reused until shortly before it expires
    expect(emu.identity.tokenRequests - before).toBe(1);
  });

  it('subscriptions: created with lifecycle URL and a random clientState, renewed when asked, recreated when gone', async () => {
    const hook = await echoReceiver();
    try {
      const mb = box(4);
      const sub = await provider.ensureSubscription(mb, null, hook.url);
      const stored = emu.store.subscriptions.get(sub.id)!;
      expect(stored.lifecycleNotificationUrl).toBe(`${hook.url}/lifecycle`);
      expect(stored.clientState).toBe(sub.secret);
      expect(sub.secret!.length).toBeGreaterThanOrEqual(32);
      expect(sub.cursor).toBeTruthy();
      const aging = { ...sub, expiresAt: new Date(Date.now() + 60_000) };
      const renewed = await provider.ensureSubscription(mb, aging, hook.url);
      expect(renewed.id).toBe(sub.id);
      expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
      emu.control.lifecycle(sub.id, 'subscriptionRemoved');
      const recreated = await provider.reauthorize(mb, renewed, hook.url);
      expect(recreated.id).not.toBe(sub.id);
      expect(recreated.cursor).toBe(sub.cursor);
      const m = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'pushed' }));
      await emu.control.settle();
      expect(hook.received.some((n) => n.subscriptionId === recreated.id && (n.resourceData as { id: string }).id === m.immutableId)).toBe(true);
      await provider.removeSubscription(mb, recreated);
      await provider.removeSubscription(mb, recreated);
    } finally {
      await hook.close();
    }
  });

  it('hold: new mail waits in the hold folder, is found as inbound, and hold_release is not rescanned', async () => {
    const mb = box(5);
    const start = await provider.listChanges(mb, { kind: 'catchup', reason: 'start' }, null);
    await provider.installHold(mb, true);
    const fresh = createM365Provider(t.connection);
    const m = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'held' }));
    expect(emu.control.folderOf(m.immutableId)).toBe('MailWarden Hold');
    const seen = await fresh.listChanges(mb, { kind: 'notification', messageIds: [m.immutableId] }, null);
    expect(seen.messages).toEqual([{ messageId: m.immutableId, direction: 'inbound' }]);
    const caught = await fresh.listChanges(mb, { kind: 'catchup', reason: 'x' }, start.nextCursor);
    expect(caught.messages.map((x) => x.messageId)).toContain(m.immutableId);
    await fresh.remediate({ mailbox: mb, messageId: m.immutableId, direction: 'inbound' }, 'hold_release');
    expect(emu.control.folderOf(m.immutableId)).toBe('inbox');
    expect((await fresh.listChanges(mb, { kind: 'notification', messageIds: [m.immutableId] }, null)).messages).toEqual([]);
    await provider.installHold(mb, false);
    const after = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'not held' }));
    expect(emu.control.folderOf(after.immutableId)).toBe('inbox');
  });

  it('trash moves to Deleted Items; sendMail delivers a security alert', async () => {
    const mb = box(6);
    const m = emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: 'bin me' }));
    expect((await provider.remediate({ mailbox: mb, messageId: m.immutableId, direction: 'inbound' }, 'trash')).changed).toBe(true);
    expect(emu.control.folderOf(m.immutableId)).toBe('deleteditems');
    await provider.sendMail({ from: t.users[7].mail, to: [mb.address], subject: 'MailWarden alert: phishing quarantined', text: 'details' });
    const inbox = emu.store.folderMessages(emu.store.wellKnown(mb.mailboxId, 'inbox').id).map((x) => x.subject);
    expect(inbox).toContain('MailWarden alert: phishing quarantined');
  });

  it('refuses a misconfigured connection at construction', () => {
    expect(() => createM365Provider({ ...t.connection, settings: { clientId: 'x', azureTenantId: 'y' } })).toThrow(/clientSecret or certificate/);
    expect(() => createM365Provider({ ...t.connection, endpoints: { authority: 'http://localhost:1', graph: emu.url } })).toThrow(/https/);
  });
});

describe('m365 provider under a 429 storm', () => {
  it('never exceeds 4 concurrent requests per mailbox and finishes every message', async () => {
    const emu = await startM365Emulator({ latencyMs: 5 });
    try {
      // At a 40% throttle rate, 8 attempts (the default) lose a call with chance 0.4^8 ≈ 7e-4, and this storm makes
      // a few hundred calls in an order timing decides: the test would fail about one run in ten. 20 attempts put
      // that below one in a million runs; giving up after maxAttempts is covered by the gate's own tests.
      const t = createTestTenant(emu, { users: 2, settings: { maxAttempts: 20 } });
      const provider = createM365Provider(t.connection);
      const mb: MailboxRef = { tenantId: t.tenant.id, provider: 'm365', mailboxId: t.users[0].id, address: t.users[0].mail };
      const ids = Array.from({ length: 40 }, (_, i) => emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: `storm ${i}` })).immutableId);
      emu.control.inject({ kind: '429', probability: 0.4, retryAfterSeconds: 0, userId: mb.mailboxId });
      emu.control.inject({ kind: 'latency', latencyMs: 20, probability: 0.3 });
      await Promise.all(
        ids.map(async (id) => {
          const ref = { mailbox: mb, messageId: id, direction: 'inbound' as const };
          await provider.fetchRaw(ref, { maxBytes: 100_000 });
          await provider.remediate(ref, 'quarantine');
        }),
      );
      expect(ids.every((id) => emu.control.folderOf(id) === 'MailWarden Quarantine')).toBe(true);
      const throttled = emu.requestLog.filter((r) => r.status === 429).length;
      expect(throttled).toBeGreaterThan(20);
      expect(provider.gate.retries).toBeGreaterThanOrEqual(throttled);
      expect(emu.throttle.peak(`${t.app.appId}|${mb.mailboxId}`)).toBeLessThanOrEqual(4);
      // the connector did use its 4 slots (so the cap, not a lack of work, kept the emulator at ≤ 4)
      expect(provider.gate.peaks.get(mb.mailboxId)).toBe(4);
      expect(emu.throttle.stats()[`${t.app.appId}|${mb.mailboxId}`].rejected).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('two provider instances of one tenant share the per-mailbox cap; 503s are retried to success', async () => {
    const emu = await startM365Emulator({ latencyMs: 10 });
    try {
      const t = createTestTenant(emu, { users: 1 });
      const [a, b] = [createM365Provider(t.connection), createM365Provider(t.connection)];
      expect(a.gate).toBe(b.gate);
      const mb: MailboxRef = { tenantId: t.tenant.id, provider: 'm365', mailboxId: t.users[0].id, address: t.users[0].mail };
      const ids = Array.from({ length: 16 }, (_, i) => emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject: `s${i}` })).immutableId);
      emu.control.inject({ kind: '503', count: 6, retryAfterSeconds: 0 });
      const raws = await Promise.all(ids.map((id, i) => (i % 2 ? a : b).fetchRaw({ mailbox: mb, messageId: id, direction: 'inbound' }, { maxBytes: 10_000 })));
      expect(raws.every((r) => r.byteLength > 0)).toBe(true);
      expect(emu.requestLog.filter((r) => r.status === 503)).toHaveLength(6);
      expect(emu.throttle.peak(`${t.app.appId}|${mb.mailboxId}`)).toBeLessThanOrEqual(4);
    } finally {
      await emu.close();
    }
  });
});
