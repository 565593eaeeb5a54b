import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../connectors/memory/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createScanEngine } from '../../src/engine/scan-message.ts';
import type { Detector, SenderProfile } from '../../src/engine/detector.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { ids } from '../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import { releaseMessage } from '../../src/pipeline/release.ts';
import { KINDS, testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';

const N = 1000;
const MAILBOXES = 10;
const expected = { malware: 'quarantine', phishing: 'quarantine', bec: 'quarantine', spam: 'junk', suspicious: 'inbox', clean: 'inbox' } as const;

/** Records what the engine's sender history said about each message's sender (detectors see it through ctx). */
const seenHistory = new Map<string, SenderProfile | null>();
const historyProbe: Detector = {
  id: 'test_history_probe',
  timeoutMs: 1000,
  rules: {},
  async detect(msg, ctx) {
    if (msg.external_id) seenHistory.set(msg.external_id, (await ctx.senderHistory?.lookup(msg.sender.email.email)) ?? null);
    return [];
  },
};

async function drained(rt: Runtime, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
    if (counts.every((c) => c.waiting + c.active + c.delayed === 0)) return;
    if (Date.now() > end) throw new Error(`pipeline not drained: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('embedded pipeline (SQLite + in-process queues + memory provider), end to end', () => {
  let dir: string;
  let rt: Runtime;
  const sent: { tenant: string; mailbox: string; id: string; kind: (typeof KINDS)[number] }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-e2e-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SCAN_CONCURRENCY: '8', JOB_BACKOFF_MS: '5', SCAN_MAX_BYTES: '65536' });
    const engine = createScanEngine({ detectors: [verdictFromSubject, historyProbe], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await rt.store.tenants.upsert({ id: 'watch', name: 'Monitor Co', provider: 'memory', settings: {} });
    for (let m = 0; m < MAILBOXES; m++) {
      await rt.store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: `u${m}`, address: `u${m}@acme.example` });
      sharedMemoryStore.addMailbox('acme', `u${m}`, `u${m}@acme.example`);
    }
    await rt.store.mailboxes.upsert({ tenantId: 'watch', provider: 'memory', mailboxId: 'w0', address: 'w0@watch.example' });
    sharedMemoryStore.addMailbox('watch', 'w0', 'w0@watch.example');
    await rt.startWorkers();
  });

  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${N} announced messages → ${N} verdicts, the right actions, duplicates collapsed`, async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    for (let i = 0; i < N; i++) {
      const kind = KINDS[i % KINDS.length]!;
      const mailbox = `u${i % MAILBOXES}`;
      const id = sharedMemoryStore.deliver('acme', mailbox, testMessage(kind, i));
      sent.push({ tenant: 'acme', mailbox, id, kind });
      const job = { provider: 'memory' as const, tenantId: 'acme', mailboxId: mailbox, trigger: { kind: 'notification' as const, messageIds: [id] }, receivedAt: new Date().toISOString() };
      await deps.enqueueNotification(job, id);
      await deps.enqueueNotification(job, id); // the provider delivered the notification twice
    }
    await drained(rt);

    expect((await rt.queues.notifications.counts()).completed).toBe(N); // 2N announcements, N jobs
    const byKind = await rt.store.messages.countVerdicts('acme');
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(N);
    for (const kind of KINDS) expect(byKind[kind]).toBe(sent.filter((s) => s.kind === kind).length);

    let fetches = 0;
    for (const s of sent) {
      const key = ids.message('memory', 'acme', s.mailbox, s.id);
      const loc = sharedMemoryStore.location('acme', s.mailbox, s.id);
      expect(loc, `${s.kind} ${s.id}`).toBe(expected[s.kind]);
      const tags = sharedMemoryStore.mailbox('acme', s.mailbox)!.messages.get(s.id)!.tags;
      expect(tags.size).toBe(s.kind === 'suspicious' ? 1 : 0);
      const destructive = expected[s.kind] !== 'inbox';
      expect(await rt.store.vault.has(key)).toBe(destructive);
      const actions = await rt.store.actions.forMessage(key);
      expect(actions.map((a) => `${a.action}:${a.status}`)).toEqual(s.kind === 'clean' ? [] : [`${s.kind === 'suspicious' ? 'tag' : expected[s.kind]}:done`]);
      fetches += sharedMemoryStore.count('fetchRaw', s.id);
      // Scanned once: one fetch to scan, plus one to keep the vault copy before a destructive action.
      expect(sharedMemoryStore.count('fetchRaw', s.id)).toBe(destructive ? 2 : 1);
    }
    expect(fetches).toBe(N + sent.filter((s) => expected[s.kind] !== 'inbox').length);
    const audit = await rt.store.actions.auditFor(ids.message('memory', 'acme', sent[0]!.mailbox, sent[0]!.id));
    expect(audit[0]).toMatchObject({ actor: 'policy', action: 'quarantine' });
  });

  it("the engine sees the tenant's own sender history, counted before the message at hand", async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const id = sharedMemoryStore.deliver('acme', 'u3', testMessage('clean', 50)); // from sender0@partner.example
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'u3', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    await drained(rt);
    // 1,000 messages rotated over 50 senders: 20 each from sender0, of which the non-clean kinds were flagged.
    const flagged = sent.filter((s, i) => i % 50 === 0 && s.kind !== 'clean').length;
    expect(seenHistory.get(id)).toMatchObject({ messages: 20, domainMessages: 1000, flagged });
    const fresh = sharedMemoryStore.deliver('acme', 'u3', new TextEncoder().encode('From: new@first-time.example\r\nTo: u3@acme.example\r\nSubject: hi\r\n\r\nhello\r\n'));
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'u3', trigger: { kind: 'notification', messageIds: [fresh] }, receivedAt: new Date().toISOString() }, fresh);
    await drained(rt);
    expect(seenHistory.has(fresh)).toBe(true);
    expect(seenHistory.get(fresh)).toBeNull(); // never seen before
  });

  it('a replayed notification after completion scans nothing again', async () => {
    const before = sharedMemoryStore.count('fetchRaw');
    const deps = createWebhookDeps(rt.store, rt.queues);
    const s = sent[7]!;
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: s.mailbox, trigger: { kind: 'notification', messageIds: [s.id] }, receivedAt: new Date().toISOString() }, `late-${s.id}`);
    await drained(rt);
    expect(sharedMemoryStore.count('fetchRaw')).toBe(before);
  });

  it('monitor mode records what it would do and leaves every message where it is', async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const mine: { id: string; kind: (typeof KINDS)[number] }[] = [];
    for (let i = 0; i < 60; i++) {
      const kind = KINDS[i % KINDS.length]!;
      const id = sharedMemoryStore.deliver('watch', 'w0', testMessage(kind, 5000 + i));
      mine.push({ id, kind });
    }
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'watch', mailboxId: 'w0', trigger: { kind: 'catchup', reason: 'test' }, receivedAt: new Date().toISOString() }, 'catchup-1');
    await drained(rt);
    expect(Object.values(await rt.store.messages.countVerdicts('watch')).reduce((a, b) => a + b, 0)).toBe(60);
    for (const m of mine) {
      expect(sharedMemoryStore.location('watch', 'w0', m.id)).toBe('inbox');
      const actions = await rt.store.actions.forMessage(ids.message('memory', 'watch', 'w0', m.id));
      expect(actions.map((a) => a.status)).toEqual(m.kind === 'clean' ? [] : ['monitor']);
    }
    expect((await rt.store.cursors.get('watch', 'w0')).cursor).toBe('60');
  });

  it('release brings a quarantined message back, and after a purge restores it from the vault', async () => {
    const q = sent.find((s) => s.kind === 'phishing')!;
    const key = ids.message('memory', 'acme', q.mailbox, q.id);
    expect(await releaseMessage(rt.ctx, key, 'admin:soc@acme.example', 'false positive')).toMatchObject({ restored: false });
    expect(sharedMemoryStore.location('acme', q.mailbox, q.id)).toBe('inbox');

    const p = sent.find((s) => s.kind === 'malware')!;
    const pkey = ids.message('memory', 'acme', p.mailbox, p.id);
    const provider = await rt.ctx.providers.get('acme');
    const mailbox = (await rt.store.mailboxes.get('acme', p.mailbox))!;
    await provider.remediate({ mailbox, messageId: p.id, direction: 'inbound' }, 'purge');
    const r = await releaseMessage(rt.ctx, pkey, 'admin:soc@acme.example', 'needed it');
    expect(r.restored).toBe(true);
    expect(sharedMemoryStore.location('acme', p.mailbox, r.messageId)).toBe('inbox');
    const back = sharedMemoryStore.mailbox('acme', p.mailbox)!.messages.get(r.messageId)!.raw;
    expect(Buffer.from(back).equals(Buffer.from(testMessage('malware', sent.indexOf(p))))).toBe(true);
    expect((await rt.store.actions.auditFor(pkey)).map((a) => a.action)).toContain('release');
  });

  it('a provider outage is retried with backoff; a revoked consent is dead-lettered and replayable', async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const { AppError } = await import('../../src/core/errors.ts');
    sharedMemoryStore.injectFault('fetchRaw', () => new AppError('provider_unavailable', 'graph 503'), 2);
    const id1 = sharedMemoryStore.deliver('acme', 'u1', testMessage('clean', 9001));
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'u1', trigger: { kind: 'notification', messageIds: [id1] }, receivedAt: new Date().toISOString() }, id1);
    await drained(rt);
    expect((await rt.store.messages.verdict(ids.message('memory', 'acme', 'u1', id1)))?.verdict.verdict).toBe('clean');
    expect(sharedMemoryStore.count('fetchRaw', id1)).toBe(3);

    sharedMemoryStore.injectFault('fetchRaw', () => new AppError('consent_revoked', 'admin revoked consent'), 1);
    const id2 = sharedMemoryStore.deliver('acme', 'u1', testMessage('clean', 9002));
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'u1', trigger: { kind: 'notification', messageIds: [id2] }, receivedAt: new Date().toISOString() }, id2);
    await drained(rt);
    const key2 = ids.message('memory', 'acme', 'u1', id2);
    expect(await rt.store.messages.verdict(key2)).toBeNull();
    expect(await rt.store.messages.get(key2)).toMatchObject({ status: 'error', last_error: 'fetch: consent_revoked' });
    const dead = await rt.store.deadLetters.list({ pendingOnly: true });
    expect(dead.map((d) => [d.queue, d.errorCode])).toEqual([['scan', 'consent_revoked']]);
    const { replayDeadLetter } = await import('../../src/pipeline/dead-letters.ts');
    expect(await replayDeadLetter(rt.store, rt.queues, 'scan', dead[0]!.jobId)).toBe(true);
    await drained(rt);
    expect((await rt.store.messages.verdict(key2))?.verdict.verdict).toBe('clean');
    const metrics = await rt.metrics.registry.metrics();
    expect(metrics).toContain('mailwarden_provider_errors_total{provider="memory",code="provider_unavailable"} 2');
    expect(metrics).toContain('mailwarden_provider_errors_total{provider="memory",code="consent_revoked"} 1');
  });

  it('a message over SCAN_MAX_BYTES is not fetched whole, not retried, and says why it has no verdict', async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const big = new TextEncoder().encode(`Subject: big\r\n\r\n${'A'.repeat(70_000)}\r\n`);
    const id = sharedMemoryStore.deliver('acme', 'u2', big);
    await deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'u2', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    await drained(rt);
    const key = ids.message('memory', 'acme', 'u2', id);
    expect(await rt.store.messages.get(key)).toMatchObject({ status: 'skipped', last_error: 'larger than SCAN_MAX_BYTES (65536)' });
    expect(sharedMemoryStore.count('fetchRaw', id)).toBe(1);
    expect(await rt.store.messages.verdict(key)).toBeNull();
  });
});
