import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertDeliveries } from '../../../src/alerts/deliveries-repo.ts';
import type { Verdict } from '../../../src/core/verdict.ts';
import { decide } from '../../../src/policy/decide.ts';
import { DEFAULT_POLICY } from '../../../src/policy/defaults.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { dlpIncidentId, dlpIncidentsRepo, type NewDlpIncident } from '../../../src/store/dlp-incidents-repo.ts';
import type { Store } from '../../../src/store/store.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const keyring = createKeyring('k1', randomBytes(32));

const backends = storeBackends(keyring);

const incident = (over: Partial<NewDlpIncident> & { messageKey: string }): NewDlpIncident => ({
  tenantId: 'tA',
  provider: 'm365',
  mailboxId: 'u1',
  mailboxAddress: 'sam@a.example',
  messageId: `id-${over.messageKey}`,
  sender: 'Sam@A.example',
  recipients: ['Buyer@Partner.example', 'cc@partner.example'],
  subject: 'Order details',
  rules: [{ rule: 'DLP_PAYMENT_CARD', description: 'Payment card number', count: 2, evidence: ['2× visa card in body: ************1111'] }],
  ...over,
});

describe.each(backends)('DLP incidents repository on %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('opens one incident per message: a second open of the same message creates nothing', async () => {
    const repo = dlpIncidentsRepo(store.db);
    const first = await repo.open(incident({ messageKey: 'k1' }));
    const again = await repo.open(incident({ messageKey: 'k1', subject: 'changed' }));
    expect(first).toEqual({ id: dlpIncidentId('k1'), created: true });
    expect(again).toEqual({ id: first.id, created: false });
    const got = await repo.get('tA', first.id);
    expect(got).toMatchObject({
      messageKey: 'k1', sender: 'sam@a.example', recipients: ['buyer@partner.example', 'cc@partner.example'], subject: 'Order details',
      status: 'open', matchCount: 2, statusBy: null, actions: [],
    });
    expect(got!.rules[0]!.evidence[0]).toContain('************1111');
    expect((await repo.forMessage('k1'))?.id).toBe(first.id);
  });

  it('never shows one tenant\'s incident to another, in get, list or status changes', async () => {
    const repo = dlpIncidentsRepo(store.db);
    const b = await repo.open(incident({ messageKey: 'kB', tenantId: 'tB' }));
    expect(await repo.get('tA', b.id)).toBeNull();
    expect((await repo.list('tA', { limit: 50 })).items.map((i) => i.messageKey)).not.toContain('kB');
    expect(await repo.setStatus('tA', b.id, 'resolved', 'admin:x@a.example', null)).toBeNull();
    expect((await repo.get('tB', b.id))?.status).toBe('open');
  });

  it('filters by status, rule (exact id), sender address or domain, and time; pages newest first', async () => {
    const repo = dlpIncidentsRepo(store.db);
    await repo.open(incident({ messageKey: 'k2', sender: 'lee@sub.a.example', rules: [{ rule: 'DLP_IBAN', description: 'IBAN', count: 1, evidence: ['1× DE IBAN in body: DE****************12'] }] }));
    await new Promise((r) => setTimeout(r, 5));
    await repo.open(incident({ messageKey: 'k3', sender: 'kim@other.example', rules: [{ rule: 'DLP_IBAN', description: 'IBAN', count: 3, evidence: [] }, { rule: 'DLP_JWT', description: 'JWT', count: 1, evidence: [] }] }));
    const keys = async (f: Parameters<typeof repo.list>[1]) => (await repo.list('tA', f)).items.map((i) => i.messageKey);
    expect(await keys({ limit: 50 })).toEqual(['k3', 'k2', 'k1']);
    expect(await keys({ limit: 50, rule: 'DLP_IBAN' })).toEqual(['k3', 'k2']);
    expect(await keys({ limit: 50, rule: 'DLP_IBA' })).toEqual([]);
    expect(await keys({ limit: 50, sender: 'a.example' })).toEqual(['k2', 'k1']);
    expect(await keys({ limit: 50, sender: 'KIM@other.example' })).toEqual(['k3']);
    const k2 = (await repo.forMessage('k2'))!;
    expect(await keys({ limit: 50, since: k2.detectedAt })).toEqual(['k3', 'k2']);
    expect(await keys({ limit: 50, until: k2.detectedAt })).toEqual(['k1']);
    const page1 = await repo.list('tA', { limit: 2 });
    expect(page1.items.map((i) => i.messageKey)).toEqual(['k3', 'k2']);
    const page2 = await repo.list('tA', { limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => i.messageKey)).toEqual(['k1']);
    expect(page2.nextCursor).toBeNull();
    expect((await repo.forMessage('k3'))?.matchCount).toBe(4);
  });

  it('records status changes with who and why, and the filter follows them', async () => {
    const repo = dlpIncidentsRepo(store.db);
    const id = dlpIncidentId('k2');
    const res = await repo.setStatus('tA', id, 'acknowledged', 'admin:ana@a.example', 'looking into it');
    expect(res?.before).toBe('open');
    expect(res?.incident).toMatchObject({ status: 'acknowledged', statusBy: 'admin:ana@a.example', statusNote: 'looking into it' });
    expect((await repo.list('tA', { limit: 50, status: ['acknowledged'] })).items.map((i) => i.messageKey)).toEqual(['k2']);
    expect((await repo.list('tA', { limit: 50, status: ['open'] })).items.map((i) => i.messageKey)).toEqual(['k3', 'k1']);
    expect(await repo.countByStatus('tA')).toEqual({ open: 2, acknowledged: 1, resolved: 0 });
  });

  it('keeps one row per action (later states overwrite) and takes the sent-copy removal from the purge action', async () => {
    const repo = dlpIncidentsRepo(store.db);
    const id = dlpIncidentId('k1');
    await repo.recordAction(id, 'tA', 'alert', 'queued');
    await repo.recordAction(id, 'tA', 'alert', 'done', 'to soc@a.example');
    await repo.recordAction(id, 'tA', 'removeSentCopy', 'queued');
    let acts = (await repo.get('tA', id))!.actions;
    expect(acts.map((a) => `${a.action}:${a.status}`).sort()).toEqual(['alert:done', 'removeSentCopy:queued']);
    // The remediate worker records the purge of the sent copy on the message's actions.
    await store.actions.record({ id: 'purge-k1', tenantId: 'tA', messageKey: 'k1', action: 'purge', status: 'done', detail: 'DLP incident' });
    acts = (await repo.get('tA', id))!.actions;
    expect(acts.find((a) => a.action === 'removeSentCopy')).toMatchObject({ status: 'done', detail: 'DLP incident' });
    expect(acts.find((a) => a.action === 'alert')).toMatchObject({ status: 'done', detail: 'to soc@a.example' });
  });

  it('the alert feed leaves a DLP verdict to its incident\'s email alert (email sink only)', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const verdict: Verdict = { verdict: 'clean', score: 5, categories: { dlp: 5 }, findings: [], failures: [] };
    const decision = decide(verdict, DEFAULT_POLICY);
    for (const key of ['k1', 'k3']) await store.messages.recordVerdict(key, 'tA', verdict, decision, 1);
    const deliveries = alertDeliveries(store.db);
    // k1's incident has an alert action, k3's has none.
    expect((await deliveries.pending('email', [], true, since)).map((p) => p.messageKey)).toEqual(['k3']);
    expect((await deliveries.pending('webhook', [], true, since)).map((p) => p.messageKey).sort()).toEqual(['k1', 'k3']);
    expect(await deliveries.pending('email', ['phishing'], false, since)).toEqual([]);
  });
});
