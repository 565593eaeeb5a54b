import { describe, expect, it } from 'vitest';
import { incidentLink, renderDlpAlert, renderDlpSenderNotice, type DlpIncidentContent } from '../../../src/alerts/render-dlp-incident.ts';
import type { DlpIncident } from '../../../src/store/dlp-incidents-repo.ts';

const incident: DlpIncident = {
  id: 'dlp_0123456789abcdef0123456789abcdef',
  tenantId: 'acme',
  messageKey: 'k1',
  provider: 'm365',
  mailboxId: 'u1',
  mailboxAddress: 'sam@acme.example',
  messageId: 'm1',
  sender: 'sam@acme.example',
  recipients: ['buyer@partner.example', 'ap@partner.example'],
  subject: 'Order <b>now</b> see https://partner.example/pay',
  rules: [
    { rule: 'DLP_PAYMENT_CARD', description: 'Payment card number (Luhn-valid, known issuer range) in outbound mail', count: 2, evidence: ['2× visa card in body: ************4242'] },
    { rule: 'DLP_AWS_ACCESS_KEY', description: 'AWS access key id in outbound mail', count: 1, evidence: ['1× AWS access key id in attachment:keys.txt: AKIA…[20 chars]'] },
  ],
  matchCount: 3,
  status: 'open',
  statusBy: null,
  statusAt: null,
  statusNote: null,
  detectedAt: '2026-12-03T10:15:00.000Z',
  actions: [
    { action: 'alert', status: 'queued', detail: null, at: '2026-12-03T10:15:00.000Z' },
    { action: 'removeSentCopy', status: 'monitor', detail: null, at: '2026-12-03T10:15:00.000Z' },
  ],
};

const content = (over: Partial<DlpIncidentContent> = {}): DlpIncidentContent => ({
  incident, tenantName: 'Acme Corp', dashboardUrl: incidentLink('https://mw.acme.example/', 'acme', incident.id), removesSentCopy: false, alertsSecurityTeam: true, ...over,
});

describe('DLP incident mails', () => {
  it('the security alert names sender, recipients, rules, counts and masked evidence; addresses defanged; one live link', () => {
    const m = renderDlpAlert(content());
    expect(m.subject).toBe('[MailWarden] Sensitive data sent – DLP_PAYMENT_CARD, DLP_AWS_ACCESS_KEY – by sam[@]acme[.]example to 2 recipients');
    for (const part of [m.text, m.html]) {
      expect(part).toContain('buyer[@]partner[.]example');
      expect(part).toContain('************4242');
      expect(part).toContain('AKIA…[20 chars]');
      expect(part).toContain('security team alerted');
      expect(part).toContain('monitor mode: not done');
      expect(part).not.toContain('sam@acme.example');
      expect(part).not.toContain('https://partner.example');
    }
    expect(m.text).toContain('DLP_PAYMENT_CARD ×2');
    // HTML escapes the subject; the only href is the dashboard's incident page.
    expect(m.html).not.toContain('<b>now</b>');
    expect(m.html).toContain('&lt;b&gt;now&lt;/b&gt;');
    expect([...m.html.matchAll(/href="([^"]+)"/g)].map((x) => x[1])).toEqual([`https://mw.acme.example/#/dlp/${incident.id}/acme`]);
  });

  it('the sender notice explains in plain text what was found (masked), what happens now, with no link at all', () => {
    const n = renderDlpSenderNotice(content({ removesSentCopy: true }));
    expect(n.subject).toBe('Sensitive data in your message "Order <b>now</b> see https://partner.example/pay"');
    expect(n).not.toHaveProperty('html');
    expect(n.text).toContain('to buyer@partner.example, ap@partner.example (2026-12-03 10:15 UTC)');
    expect(n.text).toContain('Acme Corp');
    expect(n.text).toContain('Payment card number (Luhn-valid, known issuer range) (2 occurrences)');
    expect(n.text).toContain('************4242');
    expect(n.text).toContain('The copy in your Sent Items folder has been removed');
    expect(n.text).toContain('Your security team has been told');
    expect(n.text).toContain(incident.id);
    expect(renderDlpSenderNotice(content({ removesSentCopy: false, alertsSecurityTeam: false })).text).not.toMatch(/Sent Items|security team has been told/);
  });

  it('an incident without recipients or actions still renders readably', () => {
    const bare = { ...incident, recipients: [], actions: [], subject: '' };
    const m = renderDlpAlert(content({ incident: bare }));
    expect(m.text).toContain('(no recipients in the headers)');
    expect(m.text).toContain('recorded only (no incident actions in the tenant policy)');
    expect(renderDlpSenderNotice(content({ incident: bare })).text).toContain('The message you sent without a subject to its recipients');
  });
});
