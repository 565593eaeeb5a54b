/**
 * Fault suite, provider half (Google Workspace): the Gmail emulator refuses calls with 429 rateLimitExceeded and
 * 403 userRateLimitExceeded and fails others with 500/503; Pub/Sub drops, duplicates and reorders pushes; a
 * mailbox's history is trimmed below the stored cursor (404 on history.list) while another mailbox's watch has
 * expired. Real googleapis clients, OIDC-signed pushes into the real webhook, the real pipeline on Redis +
 * PostgreSQL, the test engine, policy in enforce mode. After each fault, the invariant over the messages
 * delivered meanwhile (and, for a while, domain-wide delegation revoked): each has exactly one verdict and at most one executed action, each quarantined one
 * carries the quarantine label (and left INBOX) and is sealed in the vault. Each prints a summary line.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedDelegatedJwt, MAILBOX_SCOPES } from '../../connectors/google/auth.ts';
import { createScanEngine } from '../../src/engine/scan-message.ts';
import { replayDeadLetter } from '../../src/pipeline/dead-letters.ts';
import { ids } from '../../src/pipeline/jobs.ts';
import type { QueueName } from '../../src/pipeline/queue/types.ts';
import { MAILWARDEN_SCOPES } from '../emulators/google/google-world.ts';
import { checkDeliveryInvariant, expectDeliveryInvariant, faultsSummary } from '../helpers/delivery-invariant.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';
import { testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';
import { startGoogleService, waitUntil, type GoogleService } from '../integration/google/google-service.ts';

const PER_FAULT = 24;

describe('faults: Gmail throttles and fails, Pub/Sub loses and mixes pushes, cursors and watches expire', () => {
  const schema = uniqueSchema('mwpfg');
  let s: GoogleService;
  let n = 0;

  beforeAll(async () => {
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    s = await startGoogleService({
      engine,
      userCount: 3,
      env: { CATCHUP_AFTER_MS: '0', DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `mwpfg-${randomBytes(4).toString('hex')}`, JOB_ATTEMPTS: '30', JOB_BACKOFF_MS: '50', JOB_BACKOFF_MAX_MS: '500' },
    });
    expect((await s.install()).status).toBe('ready');
    await s.drained(60_000);
  }, 60_000);

  afterAll(async () => {
    if (s) {
      s.w.emu.parts.faults.clear();
      await s.rt.queues.destroy().catch(() => {});
      await s.close();
    }
    await dropSchema(schema);
  });

  type Delivered = { address: string; id: string; phishing: boolean };
  /** Delivers `count` messages round robin; `pause` lets each mailbox's once-a-second push go out in between. */
  const deliverBatch = async (count: number, options: { to?: string[]; pause?: boolean } = {}): Promise<Delivered[]> => {
    const to = options.to ?? s.w.users;
    const out: Delivered[] = [];
    for (let k = 0; k < count; k++) {
      const i = n++;
      const address = to[k % to.length]!;
      const phishing = i % 2 === 0;
      out.push({ address, id: s.w.emu.deliver([address], Buffer.from(testMessage(phishing ? 'phishing' : 'clean', i)))[address]!, phishing });
      if (options.pause && k % to.length === to.length - 1) await new Promise((r) => setTimeout(r, 1100));
    }
    return out;
  };
  const keysOf = (batch: Delivered[]) => batch.map((d) => s.messageKey(d.address, d.id));
  const allVerdicts = async (batch: Delivered[]) => (await Promise.all(keysOf(batch).map((k) => s.rt.store.messages.verdict(k)))).every(Boolean);
  let slot = 9000;
  // The scheduler's catch-up for every mailbox, as its next tick would enqueue it; a job id of its own because
  // the scheduler's ids allow one catch-up per mailbox per minute and these tests run faster.
  const catchUp = () =>
    Promise.all(s.w.users.map((address) => {
      const job = { provider: 'google' as const, tenantId: s.tenantId(), mailboxId: address, trigger: { kind: 'catchup' as const, reason: 'fault test' }, receivedAt: new Date().toISOString() };
      return s.rt.queues.notifications.add(job, ids.notification(job, `catchup:fault-${++slot}`));
    }));

  async function invariantOver(batch: Delivered[]) {
    const r = await checkDeliveryInvariant(s.rt.store.db, keysOf(batch));
    expectDeliveryInvariant(r);
    for (const [i, d] of batch.entries()) {
      const box = s.w.emu.mailbox(d.address);
      const labels = [...box.get(d.id).labelIds];
      const quarantine = box.labels.list().find((l) => l.name === 'MailWarden/Quarantine')!.id;
      expect(labels.includes(quarantine), `message ${i}`).toBe(d.phishing);
      expect(labels.includes('INBOX'), `message ${i}`).toBe(!d.phishing);
      expect(r.actionOf.get(keysOf([d])[0]!), `message ${i}`).toBe(d.phishing ? 'quarantine' : undefined);
    }
    return r;
  }

  it('429 rateLimitExceeded, 403 userRateLimitExceeded, 500 and 503: every message scanned once', async () => {
    const { w } = s;
    const refused = () => [...w.emu.quota.refused.values()].reduce((a, b) => a + b, 0);
    const refused0 = refused();
    const planned5xx = new Map<string, number>();
    for (const [k, address] of w.users.entries()) {
      w.emu.quota.injectThrottle(address, 3, k % 2 === 0 ? '429' : '403');
      for (const [method, statuses] of [['history.list', [503]], ['messages.get', [500, 503]], ['messages.modify', [503]]] as const) {
        w.emu.failNext(address, method, [...statuses]);
        planned5xx.set(`${address.toLowerCase()}|${method}`, statuses.length);
      }
    }
    const batch = await deliverBatch(PER_FAULT);
    await waitUntil(() => allVerdicts(batch), 150_000);
    await s.drained(60_000);
    const fired5xx = [...planned5xx].reduce((t, [key, planned]) => t + planned - (w.emu.parts.faults.get(key)?.length ?? 0), 0);
    w.emu.parts.faults.clear();
    const injected = { 'calls refused 429/403 rate limit': refused() - refused0, 'calls failed 500/503': fired5xx };
    expect(injected['calls refused 429/403 rate limit']).toBeGreaterThan(0);
    expect(injected['calls failed 500/503']).toBeGreaterThan(0);
    const r = await invariantOver(batch);
    console.log(faultsSummary('google throttling and 5xx', injected, r));
  }, 200_000);

  it('pushes dropped, duplicated and reordered: catch-up finds what a lost push hid, duplicates scan nothing twice', async () => {
    const { w } = s;
    const stats0 = { ...w.emu.pubsub.stats };
    w.emu.pubsub.faults({ drop: 3, duplicate: 3, reorder: true });
    const batch = await deliverBatch(PER_FAULT, { pause: true });
    await new Promise((r) => setTimeout(r, 1100));
    w.emu.pubsub.faults({ reorder: false });
    await s.drained(60_000);
    const dropped = w.emu.pubsub.stats.dropped - stats0.dropped;
    const duplicated = w.emu.pubsub.stats.duplicated - stats0.duplicated;
    expect(dropped).toBe(3);
    expect(duplicated).toBe(3);
    await catchUp();
    await waitUntil(() => allVerdicts(batch), 150_000);
    await s.drained(60_000);
    const r = await invariantOver(batch);
    console.log(faultsSummary('google pushes', { 'pushes dropped': dropped, 'pushes duplicated': duplicated }, r, 'delivery order reversed while held'));
  }, 200_000);

  it('a history cursor below the retained floor and an expired watch: full sync and renewal, every message scanned once', async () => {
    const { w, rt } = s;
    const [, trimmed, unwatched] = w.users as [string, string, string];
    const tenantId = s.tenantId();
    // The watch of one mailbox lapses: Gmail pushes nothing for it, and the store sees its expiry has passed.
    const sub = (await rt.store.subscriptions.forMailbox(tenantId, unwatched))!;
    w.emu.watches.stop(unwatched);
    await rt.store.subscriptions.save('google', tenantId, unwatched, { id: sub.id, expiresAt: new Date(Date.now() - 1000), secret: null });
    const watches0 = w.emu.callCount('watch', unwatched);
    const silent = await deliverBatch(PER_FAULT / 2, { to: [unwatched] });
    // Another mailbox's pushes are lost, then its history is forgotten past the stored cursor: history.list
    // answers 404 and only a bounded full sync (messages.list) can find the mail.
    const dropped0 = w.emu.pubsub.stats.dropped;
    w.emu.pubsub.faults({ drop: 1000 });
    const lost = await deliverBatch(PER_FAULT / 2, { to: [trimmed] });
    await s.drained(60_000);
    w.emu.pubsub.faults({ drop: 0 });
    const dropped = w.emu.pubsub.stats.dropped - dropped0;
    expect(dropped).toBeGreaterThan(0);
    w.emu.mailbox(trimmed).trimHistory();
    const fullSyncs0 = w.emu.callCount('messages.list', trimmed);
    await catchUp();
    await rt.queues.maintenance.add({ task: 'renew-subscriptions', slot: ++slot }, ids.maintenance('renew-subscriptions', slot));
    await waitUntil(() => allVerdicts([...silent, ...lost]), 150_000);
    await waitUntil(async () => w.emu.callCount('watch', unwatched) > watches0, 60_000);
    await s.drained(60_000);
    expect(w.emu.callCount('messages.list', trimmed)).toBeGreaterThan(fullSyncs0);
    // The renewed watch pushes again: mail after it arrives without any catch-up.
    const after = await deliverBatch(2, { to: [unwatched] });
    await waitUntil(() => allVerdicts(after), 60_000);
    await s.drained(60_000);
    const r = await invariantOver([...silent, ...lost, ...after]);
    console.log(faultsSummary('google expired cursor and watch', { 'history trimmed below the cursor': 1, 'watch expired': 1, 'pushes dropped': dropped }, r));
  }, 200_000);

  it('domain-wide delegation revoked: nothing scanned meanwhile, each mailbox with mail holds a dead letter; after the grant, replayed and scanned once', async () => {
    const { w, rt } = s;
    w.emu.revokeDelegation(w.domain, w.sa.client_id);
    // Access tokens issued before the revocation stay good until they run out, within the hour: here the hour
    // passes at once, for Gmail (the tokens it issued) and for the service's cached clients (their expiry).
    w.emu.tokens.tokens.clear();
    for (const address of w.users) {
      const jwt = cachedDelegatedJwt(w.sa, address, MAILBOX_SCOPES, w.emu.tokenUrl);
      jwt.credentials = { ...jwt.credentials, expiry_date: Date.now() - 1 };
    }
    const batch = await deliverBatch(PER_FAULT / 2);
    await waitUntil(async () => (await rt.store.deadLetters.list({ pendingOnly: true })).length > 0, 60_000);
    await s.drained(60_000);
    const dead = await rt.store.deadLetters.list({ pendingOnly: true });
    expect(dead.map((d) => d.errorCode)).toEqual(dead.map(() => 'consent_revoked'));
    expect((await Promise.all(keysOf(batch).map((k) => rt.store.messages.verdict(k)))).filter(Boolean)).toEqual([]);
    for (const d of batch) expect([...w.emu.mailbox(d.address).get(d.id).labelIds]).toContain('INBOX');
    // Gmail pushes name a history id, not messages: each mailbox with mail has a dead letter to resume from.
    const mailboxes = new Set(batch.map((d) => d.address));
    const recorded = dead.map((d) => JSON.stringify(d.payload)).join('\n');
    expect([...mailboxes].filter((a) => !recorded.includes(a))).toEqual([]);
    // The admin grants the scopes again; the operator replays what was given up (`mailwarden dead-letters --replay-all`).
    w.emu.grantDelegation(w.domain, w.sa.client_id, MAILWARDEN_SCOPES);
    for (const d of dead) expect(await replayDeadLetter(rt.store, rt.queues, d.queue as QueueName, d.jobId)).toBe(true);
    await waitUntil(() => allVerdicts(batch), 150_000);
    await s.drained(60_000);
    const r = await invariantOver(batch);
    console.log(faultsSummary('google revoked delegation', { 'jobs refused for revoked delegation': dead.length }, r, `dead letters replayed ${dead.length}`));
  }, 200_000);
});
