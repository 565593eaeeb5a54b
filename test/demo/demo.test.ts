import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MALICIOUS_KINDS } from '../../src/demo/mail/index.ts';
import { DEMO_SOC, DEMO_USER, startDemo, type RunningDemo } from '../../src/demo/run-demo.ts';

/**
 * The demo as a newcomer runs it, bounded: both emulated tenants onboarded through the real flows, two full
 * rounds of the mail mix (every kind reaches both providers), then verdicts and quarantine are checked.
 */
describe('mailwarden demo (bounded run)', () => {
  let demo: RunningDemo;
  const lines: string[] = [];
  const MESSAGES = 28;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, rate: 8, m365Users: 6, googleUsers: 4, maxMessages: MESSAGES, print: (l) => lines.push(l), logLevel: 'silent' });
    await demo.streamDone;
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      await demo.tally.refresh();
      // Remediation is its own job after the verdict: wait for both, bounded.
      const threats = [...demo.tally.outcomes.values()].filter((o) => MALICIOUS_KINDS.has(o.delivered.kind));
      if (demo.tally.summary().scanned === MESSAGES && threats.every((o) => o.delivered.quarantined())) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 85_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('onboards both tenants through consent / install and prints where to look', () => {
    expect(lines.some((l) => /Microsoft 365 tenant .*admin consent granted, 6\/6 mailboxes subscribed/.test(l))).toBe(true);
    expect(lines.some((l) => /Google Workspace domain .*installed, 5\/5 mailboxes watched/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('Dashboard: '))).toBe(true);
  });

  it('scans every delivered message', () => {
    expect(demo.tally.summary()).toMatchObject({ delivered: MESSAGES, scanned: MESSAGES });
  });

  it('flags and quarantines every threat kind on both providers', () => {
    const threats = [...demo.tally.outcomes.values()].filter((o) => MALICIOUS_KINDS.has(o.delivered.kind));
    expect(new Set(threats.map((o) => `${o.delivered.kind}@${o.delivered.provider}`)).size).toBe(MALICIOUS_KINDS.size * 2);
    for (const o of threats) {
      expect(o.verdict, `${o.delivered.kind} on ${o.delivered.provider}`).not.toBe('clean');
      expect(o.delivered.quarantined(), `${o.delivered.kind} on ${o.delivered.provider} quarantined`).toBe(true);
    }
    const kinds = (k: string) => threats.filter((o) => o.delivered.kind === k).map((o) => o.verdict);
    expect(new Set(kinds('phishing'))).toEqual(new Set(['phishing']));
    expect(new Set(kinds('bec'))).toEqual(new Set(['bec']));
    expect(new Set([...kinds('malware-zip'), ...kinds('malware-docm')])).toEqual(new Set(['malware']));
    expect(threats.filter((o) => o.delivered.kind === 'malware-zip').every((o) => o.rules.includes('EICAR_TEST_FILE'))).toBe(true);
    expect(threats.filter((o) => o.delivered.kind === 'qr-phishing').every((o) => o.rules.includes('QR_CODE_LINK'))).toBe(true);
  });

  it('leaves business mail and newsletters alone', () => {
    const legit = [...demo.tally.outcomes.values()].filter((o) => o.delivered.kind === 'business' || o.delivered.kind === 'newsletter');
    expect(legit.length).toBeGreaterThanOrEqual(12);
    for (const o of legit) {
      expect(o.verdict, `${o.delivered.kind} on ${o.delivered.provider}`).toBe('clean');
      expect(o.delivered.quarantined()).toBe(false);
    }
    expect(demo.tally.summary()).toMatchObject({ missed: 0, falsePositives: 0 });
  });

  it('outbound card numbers are a DLP incident, and outbound mail is never quarantined', () => {
    const outbound = [...demo.tally.outcomes.values()].filter((o) => o.delivered.outbound);
    expect(outbound.map((o) => o.delivered.provider).sort()).toEqual(['google', 'm365']);
    for (const o of outbound) {
      expect(o.delivered.quarantined()).toBe(false);
      expect(o.categories).toContain('dlp');
      expect(o.rules).toContain('DLP_PAYMENT_CARD');
    }
    expect(demo.tally.summary().dlpIncidents).toBe(2);
  });

  it('the printed sign-in opens the dashboard and the admin API shows both tenants, their detections and quarantine', async () => {
    const base = demo.service.dashboardUrl;
    expect((await fetch(`${base}/`)).headers.get('content-type')).toMatch(/text\/html/);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (path: string) => {
      const res = await fetch(`${base}/api/v1${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      return JSON.stringify(await res.json());
    };
    const tenants = await get('/tenants');
    expect(tenants).toContain(demo.tenantIds.m365);
    expect(tenants).toContain(demo.tenantIds.google);
    for (const [provider, id] of Object.entries(demo.tenantIds)) {
      const threats = [...demo.tally.outcomes.values()].filter((o) => o.delivered.provider === provider && MALICIOUS_KINDS.has(o.delivered.kind));
      const quarantine = JSON.parse(await get(`/tenants/${id}/quarantine`)) as { items: { messageKey: string }[] };
      expect(new Set(quarantine.items.map((i) => i.messageKey))).toEqual(new Set(threats.map((o) => o.delivered.key)));
      expect(await get(`/tenants/${id}/detections`)).toMatch(/EICAR_TEST_FILE/);
      expect(await get(`/tenants/${id}/dlp-incidents`)).toMatch(/DLP_PAYMENT_CARD/);
    }
    const wrong = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_USER.email, password: 'not-the-demo-password' }) });
    expect(wrong.status).toBe(401);
  });

  it('the security team receives alert emails over SMTP for the threats', async () => {
    const end = Date.now() + 20_000;
    const threats = [...demo.tally.outcomes.values()].filter((o) => MALICIOUS_KINDS.has(o.delivered.kind)).length;
    // Alerts are their own queue after remediation, and subjects are decoded asynchronously: wait, bounded.
    const perMessageAlerts = () => demo.alerts.filter((a) => a.subject !== '' && !a.subject.includes('digest'));
    while (perMessageAlerts().length < threats && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    const perMessage = perMessageAlerts();
    expect(perMessage.length).toBe(threats);
    for (const a of demo.alerts) {
      expect(a.to).toEqual([DEMO_SOC]);
      expect(a.subject).toMatch(/^\[MailWarden\] /);
    }
    expect(perMessage.filter((a) => a.subject.includes('Business email compromise')).length).toBe(2);
  });

  it('serves health and readiness on the printed URL', async () => {
    expect((await fetch(`${demo.service.dashboardUrl}/readyz`)).status).toBe(200);
  });
});
