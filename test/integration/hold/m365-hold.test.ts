import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardM365 } from '../../../src/http/onboarding/m365.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { failOpenActionId } from '../../../src/pipeline/hold-release.ts';
import { holdTiming, sweepHold } from '../../../src/pipeline/hold-sweep.ts';
import { startM365Emulator, type M365Emulator } from '../../emulators/m365/emulator.ts';
import { m365Endpoints } from '../../emulators/m365/test-tenant.ts';
import type { User } from '../../emulators/m365/model.ts';
import { testTls } from '../../emulators/tls/test-ca.ts';
import { testMessage } from '../../helpers/verdict-detector.ts';
import { startSplitService, waitFor, type SplitService } from './split-service.ts';

// The bound: the scheduler sweeps every 4 s and releases mail held 8 s; nothing may wait longer than 16 s.
const MAX_WAIT_S = 16;

describe('inline hold on Microsoft 365 (Graph emulator, real SDKs, Redis + PostgreSQL, split roles)', () => {
  let emu: M365Emulator;
  let svc: SplitService;
  let server: Server;
  let users: User[];
  let tenantId = '';
  let n = 0;
  const key = (u: User, id: string) => ids.message('m365', tenantId, u.id, id);
  const deliver = (u: User, kind: 'clean' | 'phishing') => ({ u, kind, id: emu.control.deliver(u.id, Buffer.from(testMessage(kind, n++))).immutableId, at: Date.now() });
  const holdRules = () => [...emu.store.rules.values()].filter((r) => r.displayName === 'MailWarden hold');
  const verdictOf = async (u: User, id: string) => (await svc.front.store.messages.verdict(key(u, id)))?.verdict.verdict;

  beforeAll(async () => {
    emu = await startM365Emulator({ notifier: { retryDelaysMs: [50, 200, 500], batchDelayMs: 10 } });
    const tls = testTls();
    const outer = express();
    server = createServer({ key: tls.key, cert: tls.cert }, outer);
    await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
    const appUrl = `https://localhost:${(server.address() as AddressInfo).port}`;
    svc = await startSplitService({ PUBLIC_URL: appUrl, HOLD_MAX_WAIT_SECONDS: String(MAX_WAIT_S) });
    outer.use(svc.app);
    const secret = 'app-secret-for-the-hold-test-0123456789';
    const app = emu.control.createApp({ secret });
    const made = emu.control.createTenant('hold.example', ['ada', 'bob', 'cy']);
    users = made.users;
    emu.control.grantConsent(made.tenant.id, app.appId);
    const report = await onboardM365({ store: svc.front.store, app: { clientId: app.appId, clientSecret: secret }, publicUrl: appUrl, stateSecret: 'state-signing-secret-for-tests', endpoints: m365Endpoints(emu) }, made.tenant.id);
    expect(report).toMatchObject({ status: 'ready', mailboxes: { total: 3, subscribed: 3 } });
    tenantId = report.tenantId;
    await svc.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await svc?.close([server]);
    await emu?.close();
  });

  it('policy hold on → the scheduler installs one inbox rule per mailbox, into a hidden hold folder', async () => {
    await svc.front.store.tenants.setPolicy(tenantId, { mode: 'enforce', hold: true });
    svc.startScheduler();
    await waitFor(async () => [...(await svc.holdStates(tenantId)).values()].every((s) => s === 'installed'), 30_000, 'hold installed everywhere');
    expect(holdRules()).toHaveLength(3);
    for (const r of holdRules()) expect(r).toMatchObject({ isEnabled: true });
    const folders = [...emu.store.folders.values()].filter((f) => f.displayName === 'MailWarden Hold');
    expect(folders).toHaveLength(3);
    expect(folders.every((f) => f.isHidden)).toBe(true);
    const audit = await svc.front.store.db.selectFrom('audit_log').select(['action', 'actor']).where('tenant_id', '=', tenantId).where('action', '=', 'hold-install').execute();
    expect(audit).toHaveLength(3);
  });

  it('workers running: clean mail waits in the hold, then reaches the Inbox; phishing goes from the hold to quarantine', async () => {
    const clean = deliver(users[0]!, 'clean');
    const phish = deliver(users[1]!, 'phishing');
    // held on arrival: never readable in the Inbox before its verdict
    expect(emu.control.folderOf(clean.id)).toBe('MailWarden Hold');
    expect(emu.control.folderOf(phish.id)).toBe('MailWarden Hold');
    await waitFor(() => emu.control.folderOf(clean.id) === 'inbox' && emu.control.folderOf(phish.id) === 'MailWarden Quarantine', 30_000, 'clean released, phishing quarantined');
    expect(await verdictOf(clean.u, clean.id)).toBe('clean');
    expect(await verdictOf(phish.u, phish.id)).toBe('phishing');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
    // released by the worker after its verdict, not by the scheduler's fail-open
    const cleanActions = await svc.front.store.actions.forMessage(key(clean.u, clean.id));
    expect(cleanActions.map((a) => [a.id, a.action, a.status])).toEqual([[ids.remediate(key(clean.u, clean.id), 'hold_release'), 'hold_release', 'done']]);
    const phishActions = await svc.front.store.actions.forMessage(key(phish.u, phish.id));
    expect(phishActions.map((a) => `${a.action}:${a.status}`)).toEqual(['quarantine:done']);
    // the release into the Inbox raised a notification of its own; it was recognised and not scanned again
    expect(Object.values(await svc.front.store.messages.countVerdicts(tenantId)).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('workers stopped: every held message is released within the bound, recorded as unscanned, and scanned once workers are back', async () => {
    await svc.stopWorkers();
    const batch = [deliver(users[0]!, 'clean'), deliver(users[1]!, 'phishing'), deliver(users[2]!, 'clean'), deliver(users[2]!, 'phishing'), deliver(users[0]!, 'clean')];
    for (const m of batch) expect(emu.control.folderOf(m.id)).toBe('MailWarden Hold');
    const releasedAt = new Map<string, number>();
    await waitFor(() => {
      for (const m of batch) if (!releasedAt.has(m.id) && emu.control.folderOf(m.id) === 'inbox') releasedAt.set(m.id, Date.now());
      return releasedAt.size === batch.length;
    }, (MAX_WAIT_S + 10) * 1000, 'fail-open release of every held message');
    // the provider move comes first; the record, the audit entry and the scan job right after it
    await waitFor(async () => (await Promise.all(batch.map(async (m) => (await svc.front.store.actions.auditFor(key(m.u, m.id))).length > 0))).every(Boolean), 10_000, 'fail-open records');
    const { releaseAfterMs } = holdTiming(MAX_WAIT_S);
    for (const m of batch) {
      const waited = releasedAt.get(m.id)! - m.at;
      expect(waited).toBeLessThanOrEqual(MAX_WAIT_S * 1000);
      expect(waited).toBeGreaterThanOrEqual(releaseAfterMs - 1000);
      // no worker ran: no verdict, and the release says so
      expect(await verdictOf(m.u, m.id)).toBeUndefined();
      const row = (await svc.front.store.actions.forMessage(key(m.u, m.id))).find((a) => a.id === failOpenActionId(key(m.u, m.id)));
      expect(row).toMatchObject({ action: 'hold_release', status: 'done' });
      expect(row?.detail).toMatch(/^released unscanned \(fail-open after \d+ s\)$/);
      const audit = await svc.front.store.actions.auditFor(key(m.u, m.id));
      expect(audit.map((a) => `${a.actor}:${a.action}`)).toEqual(['scheduler:hold_release']);
    }

    await svc.startWorkers();
    await waitFor(async () => (await Promise.all(batch.map((m) => verdictOf(m.u, m.id)))).every(Boolean), 60_000, 'verdicts after the outage');
    await waitFor(async () => batch.every((m) => emu.control.folderOf(m.id) === (m.kind === 'phishing' ? 'MailWarden Quarantine' : 'inbox')), 30_000, 'threats quarantined from the inbox');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
    for (const m of batch) {
      expect(await verdictOf(m.u, m.id)).toBe(m.kind);
      const actions = (await svc.front.store.actions.forMessage(key(m.u, m.id))).map((a) => `${a.action}:${a.status}`).sort();
      // the worker's own hold_release finds the message already in the Inbox: "already done" is success
      expect(actions).toEqual(m.kind === 'phishing' ? ['hold_release:done', 'quarantine:done'] : ['hold_release:done', 'hold_release:noop']);
    }
    expect(Object.values(await svc.front.store.messages.countVerdicts(tenantId)).reduce((a, b) => a + b, 0)).toBe(2 + batch.length);
  }, 120_000);

  it('a mailbox whose subscription is gone: the sweep finds its held mail, queues the scans no notification did, and the verdicts act', async () => {
    await svc.stopWorkers();
    const u = users[0]!;
    // Graph dropped the subscription without a lifecycle event and it was not recreated: no push, no live channel.
    const sub = await svc.front.store.subscriptions.forMailbox(tenantId, u.id);
    expect(sub).toBeTruthy();
    emu.store.subscriptions.delete(sub!.id);
    await svc.front.store.subscriptions.remove('m365', sub!.id);
    const clean = deliver(u, 'clean');
    const phish = deliver(u, 'phishing');
    // One sweep (the scheduler's timer may run one too; both queue the same job ids) while nothing is overdue.
    await sweepHold(svc.front.ctx);
    for (const m of [clean, phish]) {
      expect(emu.control.folderOf(m.id)).toBe('MailWarden Hold');
      expect((await svc.front.store.messages.get(key(u, m.id)))?.status).toBe('queued');
      // found by the sweep, not released by it
      expect((await svc.front.store.actions.forMessage(key(u, m.id))).find((a) => a.id === failOpenActionId(key(u, m.id)))).toBeUndefined();
    }
    await svc.startWorkers();
    await waitFor(async () => (await verdictOf(u, clean.id)) === 'clean' && (await verdictOf(u, phish.id)) === 'phishing', 60_000, 'verdicts for the unannounced mail');
    await waitFor(() => emu.control.folderOf(clean.id) === 'inbox' && emu.control.folderOf(phish.id) === 'MailWarden Quarantine', 30_000, 'clean released, phishing quarantined');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
  }, 120_000);

  it('policy hold off with mail still held → the rule is removed everywhere, the held mail released and scanned, nothing left behind', async () => {
    await svc.stopWorkers();
    const stuck = deliver(users[1]!, 'clean');
    expect(emu.control.folderOf(stuck.id)).toBe('MailWarden Hold');
    await svc.front.store.tenants.setPolicy(tenantId, { mode: 'enforce', hold: false });
    await waitFor(async () => [...(await svc.holdStates(tenantId)).values()].every((s) => s === 'removed'), 30_000, 'hold removed everywhere');
    expect(holdRules()).toHaveLength(0);
    expect(emu.control.folderOf(stuck.id)).toBe('inbox');
    const row = (await svc.front.store.actions.forMessage(key(stuck.u, stuck.id))).find((a) => a.id === failOpenActionId(key(stuck.u, stuck.id)));
    expect(row?.detail).toMatch(/^released unscanned \(hold removed, after \d+ s\)$/);
    for (const f of [...emu.store.folders.values()].filter((x) => x.displayName === 'MailWarden Hold')) expect(emu.store.folderMessages(f.id)).toEqual([]);
    const removed = await svc.front.store.db.selectFrom('audit_log').select('action').where('tenant_id', '=', tenantId).where('action', '=', 'hold-remove').execute();
    expect(removed).toHaveLength(3);
    await svc.startWorkers();
    await waitFor(async () => (await verdictOf(stuck.u, stuck.id)) === 'clean', 30_000, 'scan after removal');
    const later = deliver(users[2]!, 'clean');
    expect(emu.control.folderOf(later.id)).toBe('inbox');
    await waitFor(async () => (await verdictOf(later.u, later.id)) === 'clean', 30_000, 'post-delivery scan');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
    expect((await svc.front.store.actions.forMessage(key(later.u, later.id))).map((a) => a.action)).toEqual([]);
  });
});
