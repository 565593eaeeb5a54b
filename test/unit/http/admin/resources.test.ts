import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drained, signIn, startHarness, type Harness } from './harness.ts';

describe('admin API resources over a real pipeline', () => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    h = await startHarness();
    await h.addUser('admin@a.example', { tA: 'admin' });
    admin = await signIn(h.base, 'admin@a.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists detections with filters (verdict, rule, mailbox, sender, time, subject/sender text) and pages with a cursor', async () => {
    const all = (await (await admin.fetch('/tenants/tA/detections')).json()) as { items: { messageKey: string; verdict: string; subject: string; actions: { action: string }[] }[]; nextCursor: string | null };
    expect(all.items.map((i) => i.messageKey)).toEqual([h.messageKey.tA]);
    expect(all.items[0]!.verdict).toBe('phishing');
    expect(all.items[0]).toMatchObject({ subject: '[phishing] message 1', sender: 'sender1@partner.example', senderName: 'Sender 1' });
    expect(all.items[0]!.actions.map((a) => a.action)).toContain('quarantine');
    const q = async (s: string) => ((await (await admin.fetch(`/tenants/tA/detections?${s}`)).json()) as { items: unknown[] }).items.length;
    expect(await q('rule=TEST_PHISHING')).toBe(1);
    expect(await q('rule=TEST_MALWARE')).toBe(0);
    expect(await q('verdict=phishing,malware')).toBe(1);
    expect(await q('verdict=spam')).toBe(0);
    expect(await q('mailbox=u1@ta.example')).toBe(1);
    expect(await q('mailbox=someone@ta.example')).toBe(0);
    expect(await q('sender=sender1@partner.example')).toBe(1);
    expect(await q('sender=partner.example')).toBe(1);
    expect(await q('sender=artner.example')).toBe(0);
    expect(await q('sender=sender2@partner.example')).toBe(0);
    expect(await q(`until=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).toBe(0);
    // q: text in the subject or the sender address, case-insensitive; the other tenant's message never matches.
    expect(await q('q=PHISHING%5D%20message')).toBe(1);
    expect(await q('q=sender1%40partner')).toBe(1);
    expect(await q('q=message%202')).toBe(0);
    expect((await admin.fetch(`/tenants/tA/detections?q=${'x'.repeat(201)}`)).status).toBe(400);
    const p1 = (await (await admin.fetch('/tenants/tA/detections?limit=1&includeClean=true')).json()) as { nextCursor: string | null };
    expect(p1.nextCursor).toBeNull();
  });

  it('message detail: every finding with evidence, audit trail, and content from the vault copy with defanged links', async () => {
    const d = (await (await admin.fetch(`/tenants/tA/messages/${h.messageKey.tA}`)).json()) as {
      findings: { rule: string; evidence: string }[]; audit: { action: string }[]; vault: { stored: boolean }; content: { subject: string; from: { address: string }; headers: { name: string }[]; auth: Record<string, unknown> };
    };
    expect(d.findings).toEqual([expect.objectContaining({ rule: 'TEST_PHISHING', evidence: 'subject says phishing' })]);
    expect(d.audit.map((a) => a.action)).toContain('quarantine');
    expect(d.vault.stored).toBe(true);
    expect(d.content.subject).toBe('[phishing] message 1');
    expect(d.content.from.address).toBe('sender1@partner.example');
    expect(d.content.headers.map((x) => x.name.toLowerCase())).toContain('message-id');
    expect(Object.keys(d.content.auth)).toEqual(['spf', 'dkim', 'dmarc', 'compauth', 'arc']);
  });

  it('policy: validated, written, and each version kept in the audit log', async () => {
    const policy = { mode: 'monitor', actions: { clean: 'none', spam: 'junk', suspicious: 'none', phishing: 'quarantine', bec: 'quarantine', malware: 'purge' }, minScore: 3, tag: 'MailWarden' };
    expect((await admin.fetch('/tenants/tA/policy', { method: 'PUT', body: { ...policy, mode: 'yolo' } })).status).toBe(400);
    expect((await admin.fetch('/tenants/tA/policy', { method: 'PUT', body: { ...policy, extra: 1 } })).status).toBe(400);
    expect((await admin.fetch('/tenants/tA/policy', { method: 'PUT', body: { ...policy, thresholds: { junk: 9, quarantine: 5 } } })).status).toBe(400);
    expect((await admin.fetch('/tenants/tA/policy', { method: 'PUT', body: policy })).status).toBe(200);
    expect(await (await admin.fetch('/tenants/tA/policy')).json()).toMatchObject(policy);
    expect((await h.rt.store.tenants.get('tA'))!.policy.mode).toBe('monitor');
    const v = (await (await admin.fetch('/tenants/tA/policy/versions')).json()) as { items: { actor: string; detail: { previous: { mode: string }; policy: { mode: string } } }[] };
    expect(v.items[0]!.actor).toBe('admin:admin@a.example');
    expect(v.items[0]!.detail.previous.mode).toBe('enforce');
    expect(v.items[0]!.detail.policy.mode).toBe('monitor');
  });

  it('stats: counts per verdict per day and delivery → remediation time', async () => {
    const s = (await (await admin.fetch('/tenants/tA/stats?days=7')).json()) as { totals: Record<string, number>; perDay: { day: string }[]; remediation: { count: number; p50Seconds: number } };
    expect(s.totals).toEqual({ phishing: 1 });
    expect(s.perDay.map((d) => d.day)).toEqual([new Date().toISOString().slice(0, 10)]);
    expect(s.remediation.count).toBe(1);
    expect(s.remediation.p50Seconds).toBeGreaterThanOrEqual(0);
  });

  it('quarantine: release-and-allow-sender releases, allows the sender, and audits both; delete goes through the remediate queue', async () => {
    const before = (await (await admin.fetch('/tenants/tA/quarantine')).json()) as { items: { messageKey: string }[] };
    expect(before.items.map((i) => i.messageKey)).toEqual([h.messageKey.tA]);
    const res = await admin.fetch('/tenants/tA/quarantine/release', { method: 'POST', body: { messageKeys: [h.messageKey.tA, 'nope'], reason: 'false positive', allowSender: true } });
    expect(res.status).toBe(202);
    const r = (await res.json()) as { results: { status: string; detail?: string; jobId?: string }[] };
    expect(r.results.map((x) => x.status)).toEqual(['queued', 'not_found']);
    expect(r.results[0]!.jobId).toMatch(/\S/);
    expect(r.results[0]!.detail).toContain('sender allowed');
    await drained(h.rt);
    expect(((await (await admin.fetch('/tenants/tA/quarantine')).json()) as { items: unknown[] }).items).toEqual([]);
    const audit = (await (await admin.fetch('/tenants/tA/audit')).json()) as { items: { action: string; target: string; actor: string }[] };
    expect(audit.items.find((a) => a.action === 'sender.allow')?.target).toBe('sender1@partner.example');
    expect((await h.rt.store.tenants.get('tA'))!.policy.allow.addresses).toContain('sender1@partner.example');
    expect(audit.items.find((a) => a.action === 'release')?.actor).toBe('admin:admin@a.example');
    const del = await admin.fetch(`/tenants/tA/messages/${h.messageKey.tA}/delete`, { method: 'POST', body: { reason: 'cleanup' } });
    expect(del.status).toBe(202);
    await drained(h.rt);
    const acts = await h.rt.store.actions.forMessage(h.messageKey.tA);
    expect(acts.find((a) => a.action === 'purge')?.status).toBe('done');
    expect((await h.rt.store.actions.auditFor(h.messageKey.tA)).find((a) => a.action === 'purge')?.actor).toBe('admin:admin@a.example');
  });
});
