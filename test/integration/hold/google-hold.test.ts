import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardGoogle } from '../../../src/http/onboarding/google.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { failOpenActionId } from '../../../src/pipeline/hold-release.ts';
import { holdTiming, sweepHold } from '../../../src/pipeline/hold-sweep.ts';
import { startGoogleWorld, TOPIC, type GoogleWorld } from '../../emulators/google/google-world.ts';
import { testMessage } from '../../helpers/verdict-detector.ts';
import { startSplitService, waitFor, type SplitService } from './split-service.ts';

const MAX_WAIT_S = 16;
const AUDIENCE = 'https://mailwarden.test/webhooks/google';
const PUSHER = 'gmail-push@mailwarden-test.iam.gserviceaccount.com';

describe('inline hold on Google Workspace (Gmail emulator, real clients, Redis + PostgreSQL, split roles)', () => {
  let w: GoogleWorld;
  let svc: SplitService;
  let server: Server;
  let tenantId = '';
  let users: string[] = [];
  let n = 0;
  const key = (address: string, id: string) => ids.message('google', tenantId, address, id);
  const deliver = (address: string, kind: 'clean' | 'phishing') => ({ address, kind, id: w.emu.deliver([address], Buffer.from(testMessage(kind, n++)))[address]!, at: Date.now() });
  const label = (address: string, name: string) => w.emu.mailbox(address).labels.list().find((l) => l.name === name)?.id;
  /** Where a message is, read from its labels. */
  const place = (address: string, id: string): string => {
    const labels = w.emu.mailbox(address).get(id).labelIds;
    if (labels.has(label(address, 'MailWarden/Quarantine') ?? '-')) return labels.has('INBOX') ? 'quarantine+INBOX' : 'quarantine';
    if (labels.has(label(address, 'MailWarden/Hold') ?? '-')) return labels.has('INBOX') ? 'hold+INBOX' : 'hold';
    return labels.has('INBOX') ? 'inbox' : [...labels].join(',');
  };
  const verdictOf = async (address: string, id: string) => (await svc.front.store.messages.verdict(key(address, id)))?.verdict.verdict;
  const ourFilters = (address: string) => w.emu.mailbox(address).filters.list().filter((f) => f.action.addLabelIds?.includes(label(address, 'MailWarden/Hold') ?? '-'));

  beforeAll(async () => {
    w = await startGoogleWorld({ userCount: 3, domain: 'hold.test' });
    w.emu.pubsub.backoff = { minMs: 50, maxMs: 400 };
    w.emu.quota.unitsPerSecond = 1_000_000;
    const outer = express();
    server = createServer(outer);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    svc = await startSplitService({ PUBLIC_URL: appUrl, HOLD_MAX_WAIT_SECONDS: String(MAX_WAIT_S) }, { googlePush: { audience: AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: w.emu.certsUrl } });
    outer.use(svc.app);
    w.emu.pubsub.createPushSubscription({ name: 'projects/mailwarden-test/subscriptions/mailwarden', topic: TOPIC, endpoint: `${appUrl}/webhooks/google`, audience: AUDIENCE, serviceAccountEmail: PUSHER });
    const report = await onboardGoogle({ store: svc.front.store, serviceAccount: w.sa, topicName: TOPIC, publicUrl: appUrl, endpoints: w.connection.endpoints }, { domain: w.domain, adminEmail: w.admin });
    expect(report.status).toBe('ready');
    tenantId = report.tenantId;
    users = w.users.slice(1);
    await svc.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await svc?.close([server]);
    await w?.emu.close();
  });

  it('policy hold on → the scheduler installs one filter per mailbox (hold label on, INBOX off), the watch covers the hold label', async () => {
    await svc.front.store.tenants.setPolicy(tenantId, { mode: 'enforce', hold: true });
    svc.startScheduler();
    await waitFor(async () => [...(await svc.holdStates(tenantId)).values()].every((s) => s === 'installed'), 30_000, 'hold installed everywhere');
    for (const address of w.users) {
      expect(ourFilters(address)).toHaveLength(1);
      expect(ourFilters(address)[0]!.action.removeLabelIds).toEqual(['INBOX']);
      expect(w.emu.watches.watches.get(address)?.labelIds).toContain(label(address, 'MailWarden/Hold'));
    }
  });

  it('workers running: clean mail is held, then gets INBOX back; phishing goes from the hold to quarantine', async () => {
    const clean = deliver(users[0]!, 'clean');
    const phish = deliver(users[1]!, 'phishing');
    expect(place(clean.address, clean.id)).toBe('hold');
    expect(place(phish.address, phish.id)).toBe('hold');
    await waitFor(() => place(clean.address, clean.id) === 'inbox' && place(phish.address, phish.id) === 'quarantine', 30_000, 'clean released, phishing quarantined');
    expect(await verdictOf(clean.address, clean.id)).toBe('clean');
    expect(await verdictOf(phish.address, phish.id)).toBe('phishing');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
    // released by the worker after its verdict, not by the scheduler's fail-open
    const cleanActions = await svc.front.store.actions.forMessage(key(clean.address, clean.id));
    expect(cleanActions.map((a) => [a.id, a.status])).toEqual([[ids.remediate(key(clean.address, clean.id), 'hold_release'), 'done']]);
    expect((await svc.front.store.actions.forMessage(key(phish.address, phish.id))).map((a) => `${a.action}:${a.status}`)).toEqual(['quarantine:done']);
  });

  it('workers stopped: every held message gets INBOX back within the bound, recorded as unscanned, and is scanned once workers are back', async () => {
    await svc.stopWorkers();
    const batch = [deliver(users[0]!, 'clean'), deliver(users[1]!, 'phishing'), deliver(users[2]!, 'clean'), deliver(users[2]!, 'phishing'), deliver(users[0]!, 'clean')];
    for (const m of batch) expect(place(m.address, m.id)).toBe('hold');
    const releasedAt = new Map<string, number>();
    await waitFor(() => {
      for (const m of batch) if (!releasedAt.has(m.id) && place(m.address, m.id) === 'inbox') releasedAt.set(m.id, Date.now());
      return releasedAt.size === batch.length;
    }, (MAX_WAIT_S + 10) * 1000, 'fail-open release of every held message');
    // the label change comes first; the record, the audit entry and the scan job right after it
    await waitFor(async () => (await Promise.all(batch.map(async (m) => (await svc.front.store.actions.auditFor(key(m.address, m.id))).length > 0))).every(Boolean), 10_000, 'fail-open records');
    const { releaseAfterMs } = holdTiming(MAX_WAIT_S);
    for (const m of batch) {
      const waited = releasedAt.get(m.id)! - m.at;
      expect(waited).toBeLessThanOrEqual(MAX_WAIT_S * 1000);
      expect(waited).toBeGreaterThanOrEqual(releaseAfterMs - 1000);
      expect(await verdictOf(m.address, m.id)).toBeUndefined();
      const row = (await svc.front.store.actions.forMessage(key(m.address, m.id))).find((a) => a.id === failOpenActionId(key(m.address, m.id)));
      expect(row).toMatchObject({ action: 'hold_release', status: 'done' });
      expect(row?.detail).toMatch(/^released unscanned \(fail-open after \d+ s\)$/);
    }

    await svc.startWorkers();
    await waitFor(async () => (await Promise.all(batch.map((m) => verdictOf(m.address, m.id)))).every(Boolean), 60_000, 'verdicts after the outage');
    await waitFor(() => batch.every((m) => place(m.address, m.id) === (m.kind === 'phishing' ? 'quarantine' : 'inbox')), 30_000, 'threats quarantined from the inbox');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
    for (const m of batch) {
      expect(await verdictOf(m.address, m.id)).toBe(m.kind);
      const actions = (await svc.front.store.actions.forMessage(key(m.address, m.id))).map((a) => `${a.action}:${a.status}`).sort();
      expect(actions).toEqual(m.kind === 'phishing' ? ['hold_release:done', 'quarantine:done'] : ['hold_release:done', 'hold_release:noop']);
    }
  }, 120_000);

  it('a mailbox whose watch is gone: the sweep finds its held mail, queues the scans no push did, and the verdicts act', async () => {
    await svc.stopWorkers();
    const address = users[0]!;
    // The watch lapsed and was not renewed: Gmail pushes nothing, and no live channel is on record.
    const sub = await svc.front.store.subscriptions.forMailbox(tenantId, address);
    expect(sub).toBeTruthy();
    w.emu.watches.stop(address);
    await svc.front.store.subscriptions.remove('google', sub!.id);
    const clean = deliver(address, 'clean');
    const phish = deliver(address, 'phishing');
    // One sweep (the scheduler's timer may run one too; both queue the same job ids) while nothing is overdue.
    await sweepHold(svc.front.ctx);
    for (const m of [clean, phish]) {
      expect(place(address, m.id)).toBe('hold');
      expect((await svc.front.store.messages.get(key(address, m.id)))?.status).toBe('queued');
      expect((await svc.front.store.actions.forMessage(key(address, m.id))).find((a) => a.id === failOpenActionId(key(address, m.id)))).toBeUndefined();
    }
    await svc.startWorkers();
    await waitFor(async () => (await verdictOf(address, clean.id)) === 'clean' && (await verdictOf(address, phish.id)) === 'phishing', 60_000, 'verdicts for the unannounced mail');
    await waitFor(() => place(address, clean.id) === 'inbox' && place(address, phish.id) === 'quarantine', 30_000, 'clean released, phishing quarantined');
    await waitFor(() => svc.queuesIdle(), 30_000, 'queues idle');
  }, 120_000);

  it('policy hold off with mail still held → the filter is removed, the held mail released and scanned, nothing left behind', async () => {
    await svc.stopWorkers();
    const stuck = deliver(users[1]!, 'clean');
    expect(place(stuck.address, stuck.id)).toBe('hold');
    await svc.front.store.tenants.setPolicy(tenantId, { mode: 'enforce', hold: false });
    await waitFor(async () => [...(await svc.holdStates(tenantId)).values()].every((s) => s === 'removed'), 30_000, 'hold removed everywhere');
    for (const address of w.users) expect(ourFilters(address)).toHaveLength(0);
    expect(place(stuck.address, stuck.id)).toBe('inbox');
    const row = (await svc.front.store.actions.forMessage(key(stuck.address, stuck.id))).find((a) => a.id === failOpenActionId(key(stuck.address, stuck.id)));
    expect(row?.detail).toMatch(/^released unscanned \(hold removed, after \d+ s\)$/);
    for (const address of w.users) expect(w.emu.mailbox(address).messages.size === 0 || [...w.emu.mailbox(address).messages.values()].every((m) => !m.labelIds.has(label(address, 'MailWarden/Hold')!))).toBe(true);
    await svc.startWorkers();
    await waitFor(async () => (await verdictOf(stuck.address, stuck.id)) === 'clean', 30_000, 'scan after removal');
    const later = deliver(users[0]!, 'clean');
    expect(place(later.address, later.id)).toBe('inbox');
  });
});
