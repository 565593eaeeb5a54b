/**
 * Fault suite, transport half (Google Workspace): the Gmail emulator answers some API calls far too late (beyond
 * the connector's request timeout) and resets the TCP connection halfway through others (history.list,
 * messages.get, labels, messages.modify). Real googleapis clients, Pub/Sub push with OIDC into the real webhook,
 * the real pipeline on Redis + PostgreSQL, policy in enforce mode.
 * Invariant afterwards: every delivered message has exactly one verdict and at most one executed action, each
 * phishing message carries the quarantine label (and left INBOX) and is sealed in the vault; the faults were hit
 * and retried (timeouts visible in the provider error metric), nothing was dead-lettered. Prints a summary line.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanEngine } from '../../src/engine/scan-message.ts';
import { createProviderCache } from '../../src/pipeline/provider-cache.ts';
import { checkDeliveryInvariant, expectDeliveryInvariant, faultsSummary } from '../helpers/delivery-invariant.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';
import { testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';
import { startGoogleService, waitUntil, type GoogleService } from '../integration/google/google-service.ts';

const N = 30;
const TIMEOUT_MS = 700;

describe('faults: Gmail answers too slowly or resets connections mid-response', () => {
  const schema = uniqueSchema('mwgconn');
  let s: GoogleService;

  beforeAll(async () => {
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    s = await startGoogleService({
      engine,
      userCount: 3,
      env: { CATCHUP_AFTER_MS: '0', DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `mwgconn-${randomBytes(4).toString('hex')}`, JOB_ATTEMPTS: '30', JOB_BACKOFF_MS: '50', JOB_BACKOFF_MAX_MS: '500' },
    });
    const report = await s.install();
    expect(report.status).toBe('ready');
    // A short request timeout, so "too slow" fits in a test; the pipeline rebuilds the provider from it.
    const tenant = (await s.rt.store.tenants.get(s.tenantId()))!;
    await s.rt.store.tenants.upsert({ id: tenant.id, name: tenant.name, provider: 'google', settings: { ...tenant.settings, requestTimeoutMs: TIMEOUT_MS }, ...(tenant.endpoints ? { endpoints: tenant.endpoints } : {}) });
    s.rt.ctx.providers = createProviderCache(s.rt.store);
    await s.drained();
  }, 60_000);

  afterAll(async () => {
    if (s) {
      s.w.emu.connectionFaults.clear();
      await s.rt.queues.destroy().catch(() => {});
      await s.close();
    }
    await dropSchema(schema);
  });

  it('every delivered message: one verdict, at most one executed action, phishing quarantined and in the vault', async () => {
    const { w, rt } = s;
    const faults = w.emu.connectionFaults;
    faults.add({ kind: 'slow', pathIncludes: '/gmail/v1/users/', delayMs: TIMEOUT_MS * 4, probability: 0.15, count: 8 });
    faults.add({ kind: 'reset', pathIncludes: '/gmail/v1/users/', probability: 0.15, count: 8 });
    const delivered: { address: string; id: string; phishing: boolean }[] = [];
    for (let i = 0; i < N; i++) {
      const address = w.users[i % w.users.length]!;
      const phishing = i % 2 === 0;
      delivered.push({ address, id: w.emu.deliver([address], Buffer.from(testMessage(phishing ? 'phishing' : 'clean', i)))[address]!, phishing });
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 300));
    }
    const keys = delivered.map((d) => s.messageKey(d.address, d.id));
    await waitUntil(async () => (await Promise.all(keys.map((k) => rt.store.messages.verdict(k)))).every(Boolean), 150_000);
    await s.drained(60_000);
    const applied = { ...faults.applied };
    faults.clear();

    const db = rt.store.db;
    // A modify whose answer was cut had still been applied: its retry finds it done and records `noop`.
    const r = await checkDeliveryInvariant(db, keys);
    expectDeliveryInvariant(r);
    for (const [i, d] of delivered.entries()) {
      const labels = [...w.emu.mailbox(d.address).get(d.id).labelIds];
      const quarantine = w.emu.mailbox(d.address).labels.list().find((l) => l.name === 'MailWarden/Quarantine')!.id;
      expect(labels.includes(quarantine), `message ${i}`).toBe(d.phishing);
      expect(labels.includes('INBOX'), `message ${i}`).toBe(!d.phishing);
      expect(r.actionOf.get(keys[i]!), `message ${i}`).toBe(d.phishing ? 'quarantine' : undefined);
    }
    expect(applied.slow).toBeGreaterThan(0);
    expect(applied.reset).toBeGreaterThan(0);
    // Visible: the timeouts reached the pipeline's provider error counter (resets were absorbed by the connector's
    // own bounded retries).
    expect(await rt.metrics.registry.metrics()).toMatch(/mailwarden_provider_errors_total\{provider="google",code="timeout"\} [1-9]/);
    const dead = await db.selectFrom('dead_letters').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    expect(Number(dead?.n ?? 0)).toBe(0);
    console.log(faultsSummary('google transport', { [`answers beyond the ${TIMEOUT_MS} ms timeout`]: applied.slow, 'connections reset mid-response': applied.reset }, r));
  }, 200_000);
});
