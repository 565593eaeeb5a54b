import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { AppError } from '../../../src/core/errors.ts';
import type { MailboxRef } from '../../../src/core/provider.ts';
import type { VerdictKind } from '../../../src/core/verdict.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { reconcileHold } from '../../../src/pipeline/hold-reconcile.ts';
import { failOpenActionId, releaseHeld } from '../../../src/pipeline/hold-release.ts';
import { releaseAfterVerdict } from '../../../src/pipeline/hold-scan.ts';
import { sweepHold } from '../../../src/pipeline/hold-sweep.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { remediateHandler } from '../../../src/pipeline/workers/remediate-worker.ts';
import type { PolicyAction } from '../../../src/policy/types.ts';
import { withDefaults } from '../../../src/policy/defaults.ts';
import { holdRepo } from '../../../src/store/hold-repo.ts';
import { testMessage } from '../../helpers/verdict-detector.ts';

const T = 'hold-unit';
const mail = sharedMemoryStore;
const mb = (id: string): MailboxRef & { enabled: boolean } => ({ tenantId: T, provider: 'memory', mailboxId: id, address: `${id}@corp.example`, enabled: true });
let rt: Runtime;
let dir: string;
let n = 0;

/** Delivers into a memory mailbox, as if it had arrived `ageMs` ago. */
function deliver(mailboxId: string, ageMs = 0): string {
  const id = mail.deliver(T, mailboxId, testMessage('clean', n++));
  mail.mailbox(T, mailboxId)!.messages.get(id)!.receivedAt = Date.now() - ageMs;
  return id;
}
const key = (mailboxId: string, id: string) => ids.message('memory', T, mailboxId, id);
const decision = (verdict: VerdictKind, action: PolicyAction) => ({ verdict, planned: action, action, mode: 'enforce' as const, reason: `${verdict} → ${action}` });
const verdict = (kind: VerdictKind) => ({ verdict: kind, score: kind === 'clean' ? 0 : 20, categories: {}, findings: [], failures: [] });
const waiting = async (q: 'scan' | 'remediate') => (await rt.queues[q].counts()).waiting;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mw-hold-unit-'));
  const engine = createScanEngine({ detectors: [], lists: { get: () => new Set(), has: () => false } });
  // No workers are started: jobs stay in the queues where the tests count them.
  rt = await createRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', HOLD_MAX_WAIT_SECONDS: '4' }), { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
  await rt.store.tenants.upsert({ id: T, name: 'Hold unit', provider: 'memory', settings: {}, policy: { mode: 'enforce', hold: true } });
  for (const id of ['m1', 'm2', 'm3', 'm4']) {
    await rt.store.mailboxes.upsert(mb(id));
    mail.addMailbox(T, id, `${id}@corp.example`);
  }
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hold sweep (scheduler): install, fail-open release, removal', () => {
  it('installs the hold once per mailbox and audits it; the next sweep makes no provider call', async () => {
    const before = mail.count('installHold');
    const first = await sweepHold(rt.ctx);
    expect(first.reconciled.installed).toBe(4);
    expect(mail.count('installHold') - before).toBe(4);
    for (const id of ['m1', 'm2', 'm3', 'm4']) expect(mail.mailbox(T, id)!.hold).toBe(true);
    const second = await sweepHold(rt.ctx);
    expect(second.reconciled).toEqual({ unchanged: 4 });
    expect(mail.count('installHold') - before).toBe(4);
    const audit = await rt.store.db.selectFrom('audit_log').select('action').where('tenant_id', '=', T).where('action', '=', 'hold-install').execute();
    expect(audit).toHaveLength(4);
  });

  it('releases mail held for half the bound, recorded as unscanned, with a scan queued; younger mail stays held', async () => {
    const old = deliver('m1', 2_500);
    const young = deliver('m1', 0);
    const scans = await waiting('scan');
    const report = await sweepHold(rt.ctx);
    expect(report.released).toBe(1);
    expect(mail.location(T, 'm1', old)).toBe('inbox');
    expect(mail.location(T, 'm1', young)).toBe('hold');
    const row = (await rt.store.actions.forMessage(key('m1', old))).find((a) => a.id === failOpenActionId(key('m1', old)));
    expect(row).toMatchObject({ action: 'hold_release', status: 'done', detail: expect.stringMatching(/^released unscanned \(fail-open after [23] s\)$/) });
    expect((await rt.store.actions.auditFor(key('m1', old))).map((a) => `${a.actor}:${a.action}`)).toEqual(['scheduler:hold_release']);
    expect((await rt.store.messages.get(key('m1', old)))?.status).toBe('queued');
    expect(await waiting('scan')).toBe(scans + 1);
    // a second sweep finds nothing more to release: the released message is no longer held
    expect((await sweepHold(rt.ctx)).released).toBe(0);
    mail.mailbox(T, 'm1')!.messages.get(young)!.location = 'inbox';
  });

  it('a known threat whose action has not run stays held; a clean verdict whose release did not run is released without a new scan', async () => {
    const threat = deliver('m2', 3_000);
    const clean = deliver('m2', 3_000);
    await rt.store.messages.recordSeen({ key: key('m2', threat), tenantId: T, mailboxId: 'm2', messageId: threat, direction: 'inbound' });
    await rt.store.messages.recordSeen({ key: key('m2', clean), tenantId: T, mailboxId: 'm2', messageId: clean, direction: 'inbound' });
    await rt.store.messages.recordVerdict(key('m2', threat), T, verdict('phishing'), decision('phishing', 'quarantine'), 5);
    await rt.store.messages.recordVerdict(key('m2', clean), T, verdict('clean'), decision('clean', 'none'), 5);
    const scans = await waiting('scan');
    await sweepHold(rt.ctx);
    expect(mail.location(T, 'm2', threat)).toBe('hold');
    expect(mail.location(T, 'm2', clean)).toBe('inbox');
    expect((await rt.store.actions.forMessage(key('m2', clean)))[0]?.detail).toMatch(/verdict recorded, its action had not run/);
    expect(await waiting('scan')).toBe(scans);
    mail.mailbox(T, 'm2')!.messages.get(threat)!.location = 'quarantine';
  });

  it('a message quarantined between the listing and the release is left alone and nothing is recorded', async () => {
    const id = deliver('m3', 3_000);
    const provider = await rt.ctx.providers.get(T);
    await provider.remediate({ mailbox: mb('m3'), messageId: id, direction: 'inbound' }, 'quarantine');
    expect(await releaseHeld(rt.ctx, mb('m3'), { messageId: id, receivedAt: new Date(Date.now() - 3_000) }, 'fail-open')).toBe(false);
    expect(mail.location(T, 'm3', id)).toBe('quarantine');
    expect(await rt.store.actions.forMessage(key('m3', id))).toEqual([]);
  });

  it('a disabled mailbox loses its hold, and what it held goes to the inbox recorded as "hold removed"', async () => {
    const id = deliver('m4', 500);
    await rt.store.mailboxes.upsert({ ...mb('m4'), enabled: false });
    const report = await sweepHold(rt.ctx);
    expect(report.reconciled.removed).toBe(1);
    expect(mail.mailbox(T, 'm4')!.hold).toBe(false);
    expect(mail.location(T, 'm4', id)).toBe('inbox');
    expect((await rt.store.actions.forMessage(key('m4', id)))[0]?.detail).toMatch(/^released unscanned \(hold removed, after \d+ s\)$/);
    expect((await holdRepo(rt.store.db).get(T, 'm4'))?.state).toBe('removed');
    // removing again is a no-op
    expect((await sweepHold(rt.ctx)).reconciled.removed).toBeUndefined();
    await rt.store.mailboxes.upsert(mb('m4'));
  });

  it('an install that fails marks the mailbox failed (audited once), and a later sweep recovers', async () => {
    const box = mb('m5');
    await rt.store.mailboxes.upsert(box);
    mail.addMailbox(T, 'm5', box.address);
    const policy = withDefaults({ mode: 'enforce', hold: true });
    mail.injectFault('installHold', () => new AppError('forbidden', 'no settings scope'), 2);
    const repo = holdRepo(rt.store.db);
    expect(await reconcileHold(rt.ctx, box, policy, await repo.get(T, 'm5'))).toBe('failed');
    expect(await repo.get(T, 'm5')).toMatchObject({ state: 'failed', detail: 'forbidden: no settings scope' });
    expect(await reconcileHold(rt.ctx, box, policy, await repo.get(T, 'm5'))).toBe('failed');
    expect(await reconcileHold(rt.ctx, box, policy, await repo.get(T, 'm5'))).toBe('installed');
    const audit = await rt.store.db.selectFrom('audit_log').select('action').where('target', '=', `${T}/m5`).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['hold-install-failed', 'hold-install']);
  });

  it('a mailbox gone at the provider loses its hold state without retrying forever', async () => {
    const box = mb('m6');
    await rt.store.mailboxes.upsert(box);
    await holdRepo(rt.store.db).set(T, 'm6', 'installed');
    await rt.store.mailboxes.upsert({ ...box, enabled: false });
    // never added to the memory store: the provider answers mailbox_unavailable
    expect(await reconcileHold(rt.ctx, { ...box, enabled: false }, withDefaults({ mode: 'enforce', hold: true }), await holdRepo(rt.store.db).get(T, 'm6'))).toBe('removed');
    expect((await holdRepo(rt.store.db).get(T, 'm6'))?.state).toBe('removed');
    expect((await sweepHold(rt.ctx)).errors).toBe(0);
  });
});

describe('after a verdict (scan worker hook) and in the remediate worker', () => {
  const job = (mailboxId: string, messageId: string) => ({ provider: 'memory' as const, tenantId: T, mailboxId, messageId, direction: 'inbound' as const, messageKey: key(mailboxId, messageId), receivedAt: Date.now() });

  it('clean, tagged or monitor-mode mail in a held mailbox gets a hold_release job; threats and unheld mailboxes do not', async () => {
    const before = await waiting('remediate');
    await releaseAfterVerdict(rt.ctx, job('m1', 'a'), decision('clean', 'none'));
    await releaseAfterVerdict(rt.ctx, job('m1', 'b'), decision('suspicious', 'tag'));
    await releaseAfterVerdict(rt.ctx, job('m1', 'c'), { ...decision('phishing', 'none'), planned: 'quarantine', mode: 'monitor' });
    await releaseAfterVerdict(rt.ctx, job('m1', 'a'), decision('clean', 'none')); // a replay: same job id
    expect(await waiting('remediate')).toBe(before + 3);
    await releaseAfterVerdict(rt.ctx, job('m1', 'd'), decision('phishing', 'quarantine'));
    await releaseAfterVerdict(rt.ctx, { ...job('m1', 'e'), direction: 'outbound' }, decision('clean', 'none'));
    await holdRepo(rt.store.db).set(T, 'm3', 'removed');
    await releaseAfterVerdict(rt.ctx, job('m3', 'f'), decision('clean', 'none'));
    expect(await waiting('remediate')).toBe(before + 3);
    await holdRepo(rt.store.db).set(T, 'm3', 'installed');
  });

  it('hold_release of a message released already is "already done"; of one quarantined meanwhile, "no longer held"', async () => {
    const handle = remediateHandler(rt.ctx);
    const run = (mailboxId: string, messageId: string) =>
      handle({ id: 'x', queue: 'remediate', attempt: 1, data: { ...job(mailboxId, messageId), action: 'hold_release', actor: 'policy', reason: 'scanned clean' } });
    const released = deliver('m1');
    mail.mailbox(T, 'm1')!.messages.get(released)!.location = 'inbox';
    await run('m1', released);
    expect((await rt.store.actions.forMessage(key('m1', released))).map((a) => `${a.action}:${a.status}`)).toEqual(['hold_release:noop']);
    const gone = deliver('m1');
    mail.mailbox(T, 'm1')!.messages.get(gone)!.location = 'quarantine';
    await run('m1', gone);
    expect(await rt.store.actions.forMessage(key('m1', gone))).toMatchObject([{ action: 'hold_release', status: 'noop', detail: 'no longer held: scanned clean' }]);
    expect(mail.location(T, 'm1', gone)).toBe('quarantine');
    const held = deliver('m1');
    await run('m1', held);
    expect(mail.location(T, 'm1', held)).toBe('inbox');
  });
});
