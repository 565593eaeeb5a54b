/**
 * Fault suite, provider half (Microsoft 365): the Graph emulator answers with 429 storms and 503s, loses,
 * duplicates and reorders change notifications, expires delta tokens and drops subscriptions, and loses the
 * tenant's admin consent for a while. Real Graph SDK and MSAL over HTTPS, the real webhook, the real pipeline
 * on Redis + PostgreSQL, the test engine, policy in enforce mode. After each fault, the invariant over the
 * messages delivered meanwhile: each has exactly one verdict and at most one executed action, each quarantined
 * one is in its quarantine folder and sealed in the vault. Each prints a summary line.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../src/pipeline/jobs.ts';
import { replayDeadLetter } from '../../src/pipeline/dead-letters.ts';
import type { QueueName } from '../../src/pipeline/queue/types.ts';
import { checkDeliveryInvariant, expectDeliveryInvariant, faultsSummary } from '../helpers/delivery-invariant.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';
import { testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';
import { startM365World, waitUntil, type M365World } from '../integration/m365/m365-world.ts';

const PER_FAULT = 24;

describe('faults: Graph throttles, fails, loses notifications and consent', () => {
  const schema = uniqueSchema('mwpfm');
  let w: M365World;
  let tenantId: string;
  let n = 0;

  beforeAll(async () => {
    w = await startM365World({
      users: 4,
      detectors: [verdictFromSubject],
      emulator: { notifier: { retryDelaysMs: [50, 200, 500], batchDelayMs: 10 } },
      env: { DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `mwpfm-${randomBytes(4).toString('hex')}`, JOB_ATTEMPTS: '30', JOB_BACKOFF_MS: '50', JOB_BACKOFF_MAX_MS: '500', SCAN_CONCURRENCY: '4' },
    });
    tenantId = (await w.consent()).tenantId;
    await w.rt.store.tenants.setPolicy(tenantId, { mode: 'enforce' });
    await w.drained();
  }, 60_000);

  afterAll(async () => {
    if (w) {
      w.emu.faults.clear();
      await w.rt.queues.destroy().catch(() => {});
      await w.close();
    }
    await dropSchema(schema);
  });

  type Delivered = { mailboxId: string; id: string; phishing: boolean };
  const deliverBatch = (count: number): Delivered[] =>
    Array.from({ length: count }, () => {
      const i = n++;
      const u = w.users[i % w.users.length]!;
      const phishing = i % 2 === 0;
      return { mailboxId: u.id, id: w.emu.control.deliver(u.id, Buffer.from(testMessage(phishing ? 'phishing' : 'clean', i))).immutableId, phishing };
    });
  const keysOf = (batch: Delivered[]) => batch.map((d) => ids.message('m365', tenantId, d.mailboxId, d.id));
  const allVerdicts = async (batch: Delivered[]) => (await Promise.all(keysOf(batch).map((k) => w.rt.store.messages.verdict(k)))).every(Boolean);
  const answered = (status: number) => w.emu.requestLog.filter((r) => r.status === status).length;
  let slot = 9000;
  const renewSubscriptions = () => w.rt.queues.maintenance.add({ task: 'renew-subscriptions', slot: ++slot }, ids.maintenance('renew-subscriptions', slot));
  // The scheduler's catch-up for every mailbox, as its next tick would enqueue it. Enqueued here with a job id of
  // its own because the scheduler's ids allow one catch-up per mailbox per minute and these tests run faster.
  const catchUp = () =>
    Promise.all(w.users.map((u) => {
      const job = { provider: 'm365' as const, tenantId, mailboxId: u.id, trigger: { kind: 'catchup' as const, reason: 'fault test' }, receivedAt: new Date().toISOString() };
      return w.rt.queues.notifications.add(job, ids.notification(job, `catchup:fault-${++slot}`));
    }));

  /** The invariant over one batch, plus where each message sits in the mailbox. */
  async function invariantOver(batch: Delivered[]) {
    const r = await checkDeliveryInvariant(w.rt.store.db, keysOf(batch));
    expectDeliveryInvariant(r);
    for (const [i, d] of batch.entries()) {
      expect(w.emu.control.folderOf(d.id), `message ${i}`).toBe(d.phishing ? 'MailWarden Quarantine' : 'inbox');
      expect(r.actionOf.get(keysOf([d])[0]!), `message ${i}`).toBe(d.phishing ? 'quarantine' : undefined);
    }
    return r;
  }

  it('429 storm and 503s: every message scanned once, the per-mailbox concurrency cap kept', async () => {
    const before = { 429: answered(429), 503: answered(503) };
    w.emu.control.inject({ kind: '429', probability: 0.35, retryAfterSeconds: 0, count: 300 });
    w.emu.control.inject({ kind: '503', probability: 0.15, count: 60 });
    const batch = deliverBatch(PER_FAULT);
    await waitUntil(() => allVerdicts(batch), 150_000, 'a verdict for every message under 429s and 503s');
    await w.drained(60_000);
    w.emu.faults.clear();
    const injected = { '429 storm answers': answered(429) - before[429], '503 answers': answered(503) - before[503] };
    expect(injected['429 storm answers']).toBeGreaterThan(5);
    expect(injected['503 answers']).toBeGreaterThan(0);
    for (const u of w.users) expect(w.emu.throttle.peak(`${w.app.appId}|${u.id}`)).toBeLessThanOrEqual(4);
    const r = await invariantOver(batch);
    console.log(faultsSummary('m365 throttling and 5xx', injected, r));
  }, 200_000);

  it('notifications dropped, then duplicated and reordered: catch-up finds the lost ones, replays scan nothing twice', async () => {
    const dropped0 = w.emu.notifier.stats.dropped;
    w.emu.control.dropNotifications(0.4);
    const batch = deliverBatch(PER_FAULT);
    await w.drained(60_000);
    w.emu.control.dropNotifications(0);
    const dropped = w.emu.notifier.stats.dropped - dropped0;
    expect(dropped).toBeGreaterThan(0);
    // Graph delivers at least once and in no particular order: every notification again, newest first.
    const subs = new Map(w.emu.subscriptions.live().map((s) => [s.userId, s]));
    const replays = [...batch].reverse().map((d) => {
      const s = subs.get(d.mailboxId)!;
      return { subscriptionId: s.id, clientState: s.clientState, changeType: 'created', resource: `Users/${d.mailboxId}/Messages/${d.id}`, resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: d.id } };
    });
    for (let i = 0; i < replays.length; i += 6) {
      const res = await fetch(`${w.appUrl}/webhooks/m365`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: replays.slice(i, i + 6) }) });
      expect(res.status).toBe(202);
    }
    await catchUp();
    await waitUntil(() => allVerdicts(batch), 150_000, 'a verdict for every message after catch-up');
    await w.drained(60_000);
    const r = await invariantOver(batch);
    console.log(faultsSummary('m365 notifications', { 'notifications dropped': dropped, 'notifications duplicated out of order': replays.length }, r));
  }, 200_000);

  it('delta tokens expired and a subscription removed: resync and recreation, every message scanned once', async () => {
    const user = w.users[1]!;
    const sub = w.emu.subscriptions.live().find((s) => s.userId === user.id)!;
    // Every cursor the service holds is now stale (410 SyncStateNotFound), and one mailbox loses its subscription.
    w.emu.control.expireDeltaTokens();
    w.emu.control.lifecycle(sub.id, 'subscriptionRemoved');
    const gone0 = answered(410);
    // Half the batch is announced to nobody: only a resync from an expired token can find it.
    w.emu.control.dropNotifications(1);
    const hidden = deliverBatch(PER_FAULT / 2);
    await w.drained(60_000);
    w.emu.control.dropNotifications(0);
    await catchUp();
    await renewSubscriptions();
    await waitUntil(() => allVerdicts(hidden), 150_000, 'a verdict for the unannounced messages');
    await waitUntil(async () => (await w.rt.store.subscriptions.forMailbox(tenantId, user.id))?.id !== sub.id && w.emu.subscriptions.live().some((s) => s.userId === user.id), 60_000, 'the subscription recreated');
    const announced = deliverBatch(PER_FAULT / 2);
    await waitUntil(() => allVerdicts(announced), 150_000, 'a verdict for messages after the recreation');
    await w.drained(60_000);
    const expired = answered(410) - gone0;
    expect(expired).toBeGreaterThan(0);
    const r = await invariantOver([...hidden, ...announced]);
    console.log(faultsSummary('m365 expired cursors and subscription', { 'delta requests answered 410 SyncStateNotFound': expired, 'subscription removed': 1, 'notifications dropped': hidden.length }, r));
  }, 200_000);

  it('admin consent revoked: nothing scanned meanwhile, each message named by a dead letter; after re-consent, replayed and scanned once', async () => {
    w.emu.control.revokeConsent(w.tenant.id, w.app.appId);
    const batch = deliverBatch(PER_FAULT / 2);
    await waitUntil(async () => (await w.rt.store.deadLetters.list({ pendingOnly: true })).length > 0, 60_000, 'jobs given up for lack of consent');
    await w.drained(60_000);
    const dead = await w.rt.store.deadLetters.list({ pendingOnly: true });
    expect(dead.every((d) => d.errorCode === 'consent_revoked')).toBe(true);
    // Not scanned, yet not lost: every message is named by a dead letter (the recorded reason, and what to replay).
    const recorded = dead.map((d) => JSON.stringify(d.payload)).join('\n');
    expect(batch.filter((d) => !recorded.includes(d.id))).toEqual([]);
    expect((await Promise.all(keysOf(batch).map((k) => w.rt.store.messages.verdict(k)))).filter(Boolean)).toEqual([]);
    for (const d of batch) expect(w.emu.control.folderOf(d.id)).toBe('inbox');
    // The admin consents again; the operator replays what was given up (`mailwarden dead-letters --replay-all`).
    w.emu.control.grantConsent(w.tenant.id, w.app.appId);
    for (const d of dead) expect(await replayDeadLetter(w.rt.store, w.rt.queues, d.queue as QueueName, d.jobId)).toBe(true);
    await waitUntil(() => allVerdicts(batch), 150_000, 'a verdict for every message after re-consent');
    await w.drained(60_000);
    const r = await invariantOver(batch);
    console.log(faultsSummary('m365 revoked consent', { 'jobs refused for revoked consent': dead.length }, r, `dead letters replayed ${dead.length}`));
  }, 200_000);
});
