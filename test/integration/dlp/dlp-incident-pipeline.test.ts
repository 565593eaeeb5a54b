import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { alertDeliveries } from '../../../src/alerts/deliveries-repo.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { dlpRuleMatches, WITHHELD_SUBJECT } from '../../../src/pipeline/dlp-incident-open.ts';
import { incidentActionsOf } from '../../../src/pipeline/dlp-incident-actions.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { validatePolicy, withDefaults } from '../../../src/policy/index.ts';
import { dlpIncidentsRepo } from '../../../src/store/dlp-incidents-repo.ts';
import { detectionsRepo } from '../../../src/store/detections-repo.ts';
import type { ScoredFinding } from '../../../src/core/verdict.ts';

/** Luhn-valid Mastercard numbers, not published test numbers. */
const CARD_A = '5500005555555559';
const CARD_B = '5105105105105100';

const outbound = (from: string, subject: string, body: string) =>
  new TextEncoder().encode([`From: ${from}`, 'To: partner@other.example', `Subject: ${subject}`, 'Message-ID: <x@acme.example>', '', body, ''].join('\r\n'));

describe('DLP incidents in the pipeline (memory provider): monitor mode, withheld subjects, our own mail, one alert per incident', () => {
  let dir: string;
  let rt: Runtime;
  const T_MONITOR = 'dlp-monitor';
  const T_QUIET = 'dlp-quiet';

  const send = async (tenantId: string, raw: Uint8Array) => {
    const id = sharedMemoryStore.deliver(tenantId, 'sam', raw, 'outbound');
    await createWebhookDeps(rt.store, rt.queues).enqueueNotification({ provider: 'memory', tenantId, mailboxId: 'sam', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, `n-${id}`);
    const key = ids.message('memory', tenantId, 'sam', id);
    const end = Date.now() + 20_000;
    for (;;) {
      const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate, rt.queues.alerts].map((q) => q.counts()));
      if ((await rt.store.messages.verdict(key)) && counts.every((c) => c.waiting + c.active + c.delayed === 0)) return { id, key };
      if (Date.now() > end) throw new Error('pipeline not drained');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-dlp-pipeline-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5', ALERT_DIGEST: 'false', ALERT_RECIPIENTS: 'soc@acme.example', ALERT_FROM: 'MailWarden <alerts@acme.example>' });
    const engine = createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: T_MONITOR, name: 'Monitor Co', provider: 'memory', settings: {}, policy: { mode: 'monitor', dlp: { ...withDefaults(null).dlp, incidentActions: ['removeSentCopy', 'notifySender', 'alert'] } } });
    await rt.store.tenants.upsert({ id: T_QUIET, name: 'Quiet Co', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    for (const t of [T_MONITOR, T_QUIET]) {
      await rt.store.mailboxes.upsert({ tenantId: t, provider: 'memory', mailboxId: 'sam', address: 'sam@acme.example' });
      sharedMemoryStore.addMailbox(t, 'sam', 'sam@acme.example');
    }
    await rt.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the policy takes incidentActions (known names, each once) and the pipeline runs them in a fixed order', () => {
    expect(validatePolicy({ dlp: { incidentActions: ['removeSentCopy', 'alert'] } }).dlp.incidentActions).toEqual(['removeSentCopy', 'alert']);
    expect(() => validatePolicy({ dlp: { incidentActions: ['shred'] } })).toThrow(/dlp\.incidentActions/);
    expect(() => validatePolicy({ dlp: { incidentActions: ['alert', 'alert'] } })).toThrow(/each incident action once/);
    expect(incidentActionsOf(validatePolicy({ dlp: { incidentActions: ['removeSentCopy', 'alert'] } }))).toEqual(['alert', 'removeSentCopy']);
    expect(incidentActionsOf(withDefaults(null))).toEqual([]);
  });

  it('groups DLP findings per rule with summed counts and ignores other categories', () => {
    const f = (rule: string, category: ScoredFinding['category'], evidence: string): ScoredFinding => ({ rule, category, evidence, detector: 'dlp', confidence: 1, score: 1, description: rule });
    expect(dlpRuleMatches({ findings: [f('DLP_IBAN', 'dlp', '2× DE IBAN in body: DE**12'), f('DLP_IBAN', 'dlp', '3× DE IBAN in attachment:a.csv: DE**34'), f('LINK_X', 'phishing', 'x')] })).toEqual([
      { rule: 'DLP_IBAN', description: 'DLP_IBAN', count: 5, evidence: ['2× DE IBAN in body: DE**12', '3× DE IBAN in attachment:a.csv: DE**34'] },
    ]);
  });

  it('monitor mode: the sent copy stays (recorded as would-purge), alert and notice go out, the subject holding a card is withheld', async () => {
    const { id, key } = await send(T_MONITOR, outbound('Sam <sam@acme.example>', `card ${CARD_A}`, `and another one ${CARD_B}`));
    const incident = (await dlpIncidentsRepo(rt.store.db).forMessage(key))!;
    expect(incident.subject).toBe(WITHHELD_SUBJECT);
    // The message summary behind the detection lists' Subject column withholds it too.
    expect((await detectionsRepo(rt.store.db).one(T_MONITOR, key))?.subject).toBe(WITHHELD_SUBJECT);
    expect(incident.matchCount).toBe(2);
    expect(Object.fromEntries(incident.actions.map((a) => [a.action, a.status]))).toEqual({ alert: 'done', notifySender: 'done', removeSentCopy: 'monitor' });
    expect(sharedMemoryStore.location(T_MONITOR, 'sam', id)).toBe('inbox');
    expect(await rt.store.actions.forMessage(key)).toEqual([]);
    expect((await rt.store.actions.auditFor(key)).map((a) => a.action).sort()).toEqual(['dlp-alert', 'dlp-incident', 'dlp-notify-sender', 'would-purge']);
    const mails = sharedMemoryStore.outbox.filter((m) => m.text.includes(incident.id));
    expect(mails.map((m) => m.to.join(',')).sort()).toEqual(['sam@acme.example', 'soc@acme.example']);
    // Sent as the bare mailbox of ALERT_FROM; neither mail quotes the withheld subject's card.
    for (const m of mails) {
      expect(m.from).toBe('alerts@acme.example');
      for (const v of [CARD_A, CARD_B]) expect(`${m.subject}\n${m.text}\n${m.html ?? ''}`).not.toContain(v);
    }
    // With ALERT_VERDICTS=dlp the generic feed would alert too: it leaves messages whose incident alerts by email.
    const since = new Date(Date.now() - 3600_000).toISOString();
    expect((await alertDeliveries(rt.store.db).pending('email', [], true, since)).map((p) => p.messageKey)).not.toContain(key);
    expect((await alertDeliveries(rt.store.db).pending('webhook', [], true, since)).map((p) => p.messageKey)).toContain(key);
  });

  it('mail MailWarden itself sent (from ALERT_FROM) opens no incident; a tenant without incident actions records incidents only', async () => {
    const ours = await send(T_MONITOR, outbound('MailWarden <alerts@acme.example>', 'DLP alert', `quoting ${CARD_A}`));
    expect((await rt.store.messages.verdict(ours.key))!.verdict.findings.some((f) => f.rule === 'DLP_PAYMENT_CARD')).toBe(true);
    expect(await dlpIncidentsRepo(rt.store.db).forMessage(ours.key)).toBeNull();
    const before = sharedMemoryStore.outbox.length;
    const quiet = await send(T_QUIET, outbound('sam@acme.example', 'numbers', `pay with ${CARD_B}`));
    const incident = (await dlpIncidentsRepo(rt.store.db).forMessage(quiet.key))!;
    expect(incident).toMatchObject({ tenantId: T_QUIET, subject: 'numbers', actions: [] });
    expect(sharedMemoryStore.outbox.length).toBe(before);
    expect(sharedMemoryStore.location(T_QUIET, 'sam', quiet.id)).toBe('inbox');
  });
});
