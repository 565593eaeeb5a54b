import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../../src/pipeline/jobs.ts';
import { testMessage, verdictFromSubject } from '../../helpers/verdict-detector.ts';
import { startM365World, waitUntil, type M365World } from './m365-world.ts';

describe('Microsoft 365 end to end: emulator ⇄ real SDKs over HTTPS ⇄ service', () => {
  let w: M365World;
  let tenantId: string;
  const delivered: { mailboxId: string; id: string; phishing: boolean }[] = [];
  let n = 0;

  const key = (mailboxId: string, id: string) => ids.message('m365', tenantId, mailboxId, id);
  const deliver = (i: number, phishing: boolean) => {
    const u = w.users[i % w.users.length];
    const id = w.emu.control.deliver(u.id, Buffer.from(testMessage(phishing ? 'phishing' : 'clean', n++))).immutableId;
    delivered.push({ mailboxId: u.id, id, phishing });
    return { mailboxId: u.id, id };
  };
  const verdictOf = async (d: { mailboxId: string; id: string }) => (await w.rt.store.messages.verdict(key(d.mailboxId, d.id)))?.verdict.verdict;
  const allVerdicts = async (list: typeof delivered) => (await Promise.all(list.map((d) => w.rt.store.messages.verdict(key(d.mailboxId, d.id))))).every(Boolean);

  beforeAll(async () => {
    w = await startM365World({ users: 5, detectors: [verdictFromSubject], emulator: { notifier: { retryDelaysMs: [50, 200, 500], batchDelayMs: 10 } } });
  });
  afterAll(async () => w?.close());

  it('admin consent → tenant recorded, every mailbox enumerated and subscribed with its own clientState', async () => {
    const report = await w.consent();
    tenantId = report.tenantId;
    expect(report).toMatchObject({ status: 'ready', azureTenantId: w.tenant.id, mailboxes: { total: 5, subscribed: 5, skipped: [] } });
    await w.rt.store.tenants.setPolicy(tenantId, { mode: 'enforce' });
    const subs = w.emu.subscriptions.live();
    expect(subs).toHaveLength(5);
    expect(new Set(subs.map((s) => s.clientState)).size).toBe(5);
    for (const s of subs) {
      expect(s.notificationUrl).toBe(`${w.appUrl}/webhooks/m365`);
      expect(s.lifecycleNotificationUrl).toBe(`${w.appUrl}/webhooks/m365/lifecycle`);
      expect(s.immutableIds).toBe(true);
      const stored = await w.rt.store.subscriptions.find('m365', s.id);
      expect(stored?.secret).toBe(s.clientState);
      expect((await w.rt.store.cursors.get(tenantId, s.userId)).cursor).toBeTruthy();
    }
    // a replayed or forged callback state is refused
    expect((await fetch(`${w.appUrl}/onboard/m365/callback?tenant=${w.tenant.id}&admin_consent=True&state=forged.state`)).status).toBe(400);
  });

  it('phishing delivered → notification → verdict → hidden quarantine folder; a clean message stays in the Inbox', async () => {
    const phish = deliver(1, true);
    const clean = deliver(2, false);
    await waitUntil(() => allVerdicts(delivered), 30_000, 'verdicts');
    await w.drained();
    expect(await verdictOf(phish)).toBe('phishing');
    expect(w.emu.control.folderOf(phish.id)).toBe('MailWarden Quarantine');
    const quarantine = [...w.emu.store.folders.values()].find((f) => f.userId === phish.mailboxId && f.displayName === 'MailWarden Quarantine');
    expect(quarantine?.isHidden).toBe(true);
    expect(await verdictOf(clean)).toBe('clean');
    expect(w.emu.control.folderOf(clean.id)).toBe('inbox');
    // our own move into quarantine raised a notification too; it was recognised and not scanned again
    expect(Object.values(await w.rt.store.messages.countVerdicts(tenantId)).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('a forged notification (wrong clientState, unknown subscription) scans nothing', async () => {
    const sub = w.emu.subscriptions.live()[0];
    // the genuine notification is lost, so only forged ones name this message
    w.emu.control.dropNotifications(1);
    const victim = w.emu.control.deliver(sub.userId, Buffer.from(testMessage('phishing', 999)));
    await w.emu.control.settle();
    w.emu.control.dropNotifications(0);
    await w.drained();
    const before = await w.rt.queues.notifications.counts();
    const forged = (over: Record<string, unknown>) => ({ subscriptionId: sub.id, clientState: 'guessed', changeType: 'created', resourceData: { id: victim.immutableId }, ...over });
    const res = await fetch(`${w.appUrl}/webhooks/m365`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: [forged({}), forged({ clientState: undefined }), forged({ subscriptionId: '00000000-0000-0000-0000-000000000000' })] }) });
    expect(res.status).toBe(202);
    await w.drained();
    const after = await w.rt.queues.notifications.counts();
    expect(after.completed + after.waiting + after.active + after.failed).toBe(before.completed + before.waiting + before.active + before.failed);
    expect(await verdictOf({ mailboxId: sub.userId, id: victim.immutableId })).toBeUndefined();
    expect(w.emu.control.folderOf(victim.immutableId)).toBe('inbox');
    // it is real mail all the same: the catch-up in the next test must find it
    delivered.push({ mailboxId: sub.userId, id: victim.immutableId, phishing: true });
  });

  it('with 30% of notifications dropped, delta catch-up still gives every delivered message a verdict', async () => {
    const start = delivered.length;
    w.emu.control.dropNotifications(0.3);
    for (let i = 0; i < 40; i++) deliver(i, i % 3 === 0);
    await w.drained();
    w.emu.control.dropNotifications(0);
    expect(w.emu.notifier.stats.dropped).toBeGreaterThan(5);
    // The scheduler's catch-up (here one tick) reads each mailbox's delta from its cursor.
    await w.rt.queues.maintenance.add({ task: 'catch-up', slot: 7001 }, ids.maintenance('catch-up', 7001));
    await waitUntil(() => allVerdicts(delivered.slice(start)), 60_000, 'every verdict after catch-up');
    await w.drained();
    for (const d of delivered.slice(start)) {
      expect(await verdictOf(d)).toBe(d.phishing ? 'phishing' : 'clean');
      expect(w.emu.control.folderOf(d.id)).toBe(d.phishing ? 'MailWarden Quarantine' : 'inbox');
      const actions = await w.rt.store.actions.forMessage(key(d.mailboxId, d.id));
      expect(actions.map((a) => `${a.action}:${a.status}`)).toEqual(d.phishing ? ['quarantine:done'] : []);
    }
  });

  it('under a 429 storm the connector never exceeds 4 concurrent requests per mailbox and finishes every message', async () => {
    const start = delivered.length;
    w.emu.control.inject({ kind: '429', probability: 0.35, retryAfterSeconds: 0, count: 400 });
    w.emu.control.inject({ kind: 'latency', latencyMs: 15, probability: 0.5, count: 400 });
    const before429 = w.emu.requestLog.filter((r) => r.status === 429).length;
    for (let i = 0; i < 30; i++) deliver(0, i % 2 === 0);
    await waitUntil(() => allVerdicts(delivered.slice(start)), 60_000, 'verdicts under 429s');
    await w.drained();
    w.emu.faults.clear();
    expect(w.emu.requestLog.filter((r) => r.status === 429).length - before429).toBeGreaterThan(10);
    for (const d of delivered.slice(start)) expect(w.emu.control.folderOf(d.id)).toBe(d.phishing ? 'MailWarden Quarantine' : 'inbox');
    for (const u of w.users) expect(w.emu.throttle.peak(`${w.app.appId}|${u.id}`)).toBeLessThanOrEqual(4);
    expect(Object.values(w.emu.throttle.stats()).every((s) => s.rejected === 0)).toBe(true);
  });

  it('lifecycle subscriptionRemoved → catch-up finds mail sent meanwhile, the next renewal recreates the subscription', async () => {
    const user = w.users[3];
    const sub = w.emu.subscriptions.live().find((s) => s.userId === user.id)!;
    // Graph drops the subscription and says so; mail arriving now raises no notification
    w.emu.control.lifecycle(sub.id, 'subscriptionRemoved');
    const missed = deliver(3, true);
    await waitUntil(async () => Boolean(await verdictOf(missed)), 30_000, 'verdict for mail sent while unsubscribed');
    await w.drained();
    expect(w.emu.control.folderOf(missed.id)).toBe('MailWarden Quarantine');
    expect(w.emu.subscriptions.live().some((s) => s.userId === user.id)).toBe(false);
    await w.rt.queues.maintenance.add({ task: 'renew-subscriptions', slot: 7002 }, ids.maintenance('renew-subscriptions', 7002));
    await waitUntil(() => w.emu.subscriptions.live().some((s) => s.userId === user.id), 20_000, 'recreated subscription');
    const fresh = w.emu.subscriptions.live().find((s) => s.userId === user.id)!;
    expect(fresh.clientState).not.toBe(sub.clientState);
    // the renewal stores the new subscription right after Graph created it
    await waitUntil(async () => (await w.rt.store.subscriptions.forMailbox(tenantId, user.id))?.id === fresh.id, 10_000, 'new subscription stored');
    const later = deliver(3, false);
    await waitUntil(async () => Boolean(await verdictOf(later)), 30_000, 'verdict via the new subscription');
    await w.drained();
    expect(w.emu.control.folderOf(later.id)).toBe('inbox');
  });

  it('lifecycle reauthorizationRequired → marked due, the next renewal reauthorizes the same subscription', async () => {
    const user = w.users[4];
    const sub = w.emu.subscriptions.live().find((s) => s.userId === user.id)!;
    const before = Date.parse(sub.expirationDateTime);
    w.emu.control.lifecycle(sub.id, 'reauthorizationRequired');
    await waitUntil(async () => ((await w.rt.store.subscriptions.find('m365', sub.id))?.expiresAt.getTime() ?? 1) < Date.now(), 10_000, 'subscription marked due');
    await new Promise((r) => setTimeout(r, 5));
    await w.rt.queues.maintenance.add({ task: 'renew-subscriptions', slot: 7003 }, ids.maintenance('renew-subscriptions', 7003));
    await waitUntil(async () => ((await w.rt.store.subscriptions.find('m365', sub.id))?.expiresAt.getTime() ?? 0) > Date.now(), 10_000, 'renewed');
    expect(Date.parse(w.emu.store.subscriptions.get(sub.id)!.expirationDateTime)).toBeGreaterThanOrEqual(before);
    expect(w.emu.subscriptions.live().filter((s) => s.userId === user.id)).toHaveLength(1);
  });
});
