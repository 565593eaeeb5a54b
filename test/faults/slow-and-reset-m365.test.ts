/**
 * Fault suite, transport half (Microsoft 365): the Graph emulator answers some requests far too late (beyond the
 * connector's request timeout) and resets the TCP connection halfway through others, on every Graph call the
 * pipeline makes (delta, $batch, $value downloads, folder lookups, moves). Real Graph SDK over HTTPS, the real
 * pipeline on Redis + PostgreSQL, the test engine, policy in enforce mode.
 * Invariant afterwards: every delivered message has exactly one verdict and at most one executed action, each
 * quarantined message is in its quarantine folder and sealed in the vault; the errors were retried (the emulator
 * saw the faults, the connector and the queues retried) and visible meanwhile (provider error metrics by code).
 * Prints a summary line.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../src/pipeline/jobs.ts';
import { createProviderCache } from '../../src/pipeline/provider-cache.ts';
import { checkDeliveryInvariant, expectDeliveryInvariant, faultsSummary } from '../helpers/delivery-invariant.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';
import { testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';
import { startM365World, waitUntil, type M365World } from '../integration/m365/m365-world.ts';

const N = 40;
const TIMEOUT_MS = 700;

describe('faults: Graph answers too slowly or resets connections mid-response', () => {
  const schema = uniqueSchema('mwconn');
  let w: M365World;
  let tenantId: string;

  beforeAll(async () => {
    w = await startM365World({
      users: 4,
      detectors: [verdictFromSubject],
      emulator: { notifier: { retryDelaysMs: [50, 200, 500], batchDelayMs: 10 } },
      env: { DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `mwconn-${randomBytes(4).toString('hex')}`, JOB_ATTEMPTS: '30', JOB_BACKOFF_MS: '50', JOB_BACKOFF_MAX_MS: '500', SCAN_CONCURRENCY: '4' },
    });
    const report = await w.consent();
    tenantId = report.tenantId;
    await w.rt.store.tenants.setPolicy(tenantId, { mode: 'enforce' });
    // A short request timeout so "too slow" fits in a test, and one connector attempt so every error reaches the
    // queues (retried there, counted in the metrics) instead of being absorbed by the connector alone.
    const tenant = (await w.rt.store.tenants.get(tenantId))!;
    await w.rt.store.tenants.upsert({ id: tenantId, name: tenant.name, provider: 'm365', settings: { ...tenant.settings, requestTimeoutMs: TIMEOUT_MS, maxAttempts: 1 }, ...(tenant.endpoints ? { endpoints: tenant.endpoints } : {}) });
    w.rt.ctx.providers = createProviderCache(w.rt.store);
  }, 60_000);

  afterAll(async () => {
    if (w) {
      w.emu.connectionFaults.clear();
      await w.rt.queues.destroy().catch(() => {});
      await w.close();
    }
    await dropSchema(schema);
  });

  it('every delivered message: one verdict, at most one executed action, quarantined ones moved and in the vault', async () => {
    const faults = w.emu.connectionFaults;
    faults.add({ kind: 'slow', delayMs: TIMEOUT_MS * 4, probability: 0.12, count: 12 });
    faults.add({ kind: 'reset', probability: 0.12, count: 12 });
    const delivered: { mailboxId: string; id: string; phishing: boolean }[] = [];
    for (let i = 0; i < N; i++) {
      const u = w.users[i % w.users.length]!;
      const phishing = i % 2 === 0;
      delivered.push({ mailboxId: u.id, id: w.emu.control.deliver(u.id, Buffer.from(testMessage(phishing ? 'phishing' : 'clean', i))).immutableId, phishing });
    }
    const keys = delivered.map((d) => ids.message('m365', tenantId, d.mailboxId, d.id));
    const metricsText = () => w.rt.metrics.registry.metrics();
    // Visible meanwhile: while messages are still outstanding, the provider errors are already counted by code.
    let visibleBeforeDone = '';
    await waitUntil(async () => {
      const text = await metricsText();
      const done = (await Promise.all(keys.map((k) => w.rt.store.messages.verdict(k)))).every(Boolean);
      if (!done && /mailwarden_provider_errors_total\{provider="m365",code="(timeout|provider_unavailable)"\} [1-9]/.test(text)) visibleBeforeDone ||= text;
      return done;
    }, 150_000, 'a verdict for every message');
    await w.drained(60_000);
    const applied = { ...faults.applied };
    faults.clear();

    const db = w.rt.store.db;
    // A move whose answer was cut had still been carried out: its retry finds the message in place and records
    // `noop` ("already done is success"). Either way the action ran once at the provider.
    const r = await checkDeliveryInvariant(db, keys);
    expectDeliveryInvariant(r);
    for (const [i, d] of delivered.entries()) {
      expect(w.emu.control.folderOf(d.id), `message ${i}`).toBe(d.phishing ? 'MailWarden Quarantine' : 'inbox');
      expect(r.actionOf.get(keys[i]!), `message ${i}`).toBe(d.phishing ? 'quarantine' : undefined);
    }
    // The faults happened, and were retried rather than lost.
    expect(applied.slow).toBeGreaterThan(0);
    expect(applied.reset).toBeGreaterThan(0);
    expect(visibleBeforeDone).not.toBe('');
    const finalText = await metricsText();
    // Classified as what they are (a timeout; a transient provider failure), not as an internal error.
    expect(finalText).toMatch(/mailwarden_provider_errors_total\{provider="m365",code="timeout"\} [1-9]/);
    expect(finalText).toMatch(/mailwarden_provider_errors_total\{provider="m365",code="provider_unavailable"\} [1-9]/);
    expect(finalText).not.toMatch(/mailwarden_provider_errors_total\{provider="m365",code="internal"\}/);
    const dead = await db.selectFrom('dead_letters').select(sql<number>`count(*)`.as('n')).executeTakeFirst().catch(() => ({ n: 0 }));
    expect(Number(dead?.n ?? 0)).toBe(0);
    console.log(faultsSummary('m365 transport', { [`answers beyond the ${TIMEOUT_MS} ms timeout`]: applied.slow, 'connections reset mid-response': applied.reset }, r));
  }, 200_000);
});
