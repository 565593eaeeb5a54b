import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlpIncidentsRepo, type NewDlpIncident } from '../../../src/store/dlp-incidents-repo.ts';
import { signIn, startHarness, type Harness } from '../../unit/http/admin/harness.ts';

type Page = { items: { id: string; messageKey: string; status: string; rules: { rule: string; evidence: string[] }[]; actions: { action: string; status: string }[] }[]; nextCursor: string | null };

const incident = (tenantId: string, messageKey: string, over: Partial<NewDlpIncident> = {}): NewDlpIncident => ({
  tenantId, messageKey, provider: 'memory', mailboxId: 'u1', mailboxAddress: 'u1@ta.example', messageId: `m-${messageKey}`,
  sender: 'u1@ta.example', recipients: ['buyer@partner.example'], subject: 'Invoice',
  rules: [{ rule: 'DLP_PAYMENT_CARD', description: 'Payment card number', count: 1, evidence: ['1× visa card in body: ************4242'] }],
  ...over,
});

describe('admin API: DLP incidents (list, filters, detail, triage), tenant-scoped and audited', () => {
  let h: Harness;
  let analyst: Awaited<ReturnType<typeof signIn>>;
  let viewer: Awaited<ReturnType<typeof signIn>>;
  const idOf: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    const repo = dlpIncidentsRepo(h.rt.store.db);
    idOf.a1 = (await repo.open(incident('tA', 'a1'))).id;
    await new Promise((r) => setTimeout(r, 5));
    idOf.a2 = (await repo.open(incident('tA', 'a2', { sender: 'lee@sales.ta.example', rules: [{ rule: 'DLP_IBAN', description: 'IBAN', count: 2, evidence: ['2× DE IBAN in body: DE****************01'] }] }))).id;
    idOf.b1 = (await repo.open(incident('tB', 'tenant-b-only-message', { mailboxAddress: 'u1@tb.example', sender: 'u1@tb.example' }))).id;
    await repo.recordAction(idOf.a1!, 'tA', 'alert', 'done', 'sent to 1 address');
    await h.addUser('analyst@a.example', { tA: 'analyst' });
    await h.addUser('viewer@a.example', { tA: 'viewer' });
    analyst = await signIn(h.base, 'analyst@a.example');
    viewer = await signIn(h.base, 'viewer@a.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const list = async (who: typeof analyst, query = '') => {
    const res = await who.fetch(`/tenants/tA/dlp-incidents${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as Page;
  };

  it('lists the tenant\'s incidents newest first with masked evidence and the actions taken, filtered by rule, sender, status and time', async () => {
    const all = await list(viewer);
    expect(all.items.map((i) => i.messageKey)).toEqual(['a2', 'a1']);
    expect(all.items[1]!.rules[0]!.evidence).toEqual(['1× visa card in body: ************4242']);
    expect(all.items[1]!.actions).toMatchObject([{ action: 'alert', status: 'done' }]);
    expect((await list(viewer, '?rule=DLP_IBAN')).items.map((i) => i.messageKey)).toEqual(['a2']);
    expect((await list(viewer, '?sender=ta.example')).items.map((i) => i.messageKey)).toEqual(['a2', 'a1']);
    expect((await list(viewer, '?sender=u1@ta.example')).items.map((i) => i.messageKey)).toEqual(['a1']);
    expect((await list(viewer, '?status=resolved')).items).toEqual([]);
    expect((await list(viewer, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toEqual([]);
    const page = await list(viewer, '?limit=1');
    expect(page.items.map((i) => i.messageKey)).toEqual(['a2']);
    expect((await list(viewer, `?limit=1&cursor=${encodeURIComponent(page.nextCursor!)}`)).items.map((i) => i.messageKey)).toEqual(['a1']);
    expect((await viewer.fetch('/tenants/tA/dlp-incidents?status=closed')).status).toBe(400);
  });

  it('an analyst sets the status (audited with before, after and note); a viewer may not; CSRF is required', async () => {
    expect((await viewer.fetch(`/tenants/tA/dlp-incidents/${idOf.a1}`, { method: 'PATCH', body: { status: 'resolved' } })).status).toBe(403);
    expect((await analyst.fetch(`/tenants/tA/dlp-incidents/${idOf.a1}`, { method: 'PATCH', body: { status: 'resolved' }, csrf: false })).status).toBe(403);
    expect((await analyst.fetch(`/tenants/tA/dlp-incidents/${idOf.a1}`, { method: 'PATCH', body: { status: 'gone' } })).status).toBe(400);
    const res = await analyst.fetch(`/tenants/tA/dlp-incidents/${idOf.a1}`, { method: 'PATCH', body: { status: 'acknowledged', note: 'card cancelled with the bank' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: idOf.a1, status: 'acknowledged', statusBy: 'admin:analyst@a.example', statusNote: 'card cancelled with the bank' });
    expect((await list(viewer, '?status=acknowledged')).items.map((i) => i.messageKey)).toEqual(['a1']);
    const detail = (await (await viewer.fetch(`/tenants/tA/dlp-incidents/${idOf.a1}`)).json()) as { audit: { actor: string; action: string; reason: string }[] };
    expect(detail.audit).toEqual([expect.objectContaining({ actor: 'admin:analyst@a.example', action: 'dlp-incident-status', reason: 'card cancelled with the bank' })]);
    const row = await h.rt.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'dlp-incident-status').executeTakeFirstOrThrow();
    expect(row.tenant_id).toBe('tA');
    expect(JSON.parse(row.detail!)).toEqual({ incidentId: idOf.a1, before: 'open', after: 'acknowledged' });
  });

  it('another tenant\'s incident does not exist for the caller: 404 on read and on triage, and nothing changes', async () => {
    expect((await analyst.fetch(`/tenants/tA/dlp-incidents/${idOf.b1}`)).status).toBe(404);
    expect((await analyst.fetch(`/tenants/tA/dlp-incidents/${idOf.b1}`, { method: 'PATCH', body: { status: 'resolved' } })).status).toBe(404);
    expect((await analyst.fetch(`/tenants/tB/dlp-incidents/${idOf.b1}`, { method: 'PATCH', body: { status: 'resolved' } })).status).toBe(404);
    expect((await analyst.fetch('/tenants/tB/dlp-incidents')).status).toBe(404);
    expect((await dlpIncidentsRepo(h.rt.store.db).get('tB', idOf.b1!))?.status).toBe('open');
    expect(JSON.stringify(await list(analyst))).not.toContain('tenant-b-only-message');
  });
});
