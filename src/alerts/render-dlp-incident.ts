import type { DlpIncident } from '../store/dlp-incidents-repo.ts';
import { defangEmail, defangText } from './defang.ts';
import { cardEmailHtml, esc, infoTable } from './email-layout.ts';
import type { RenderedMail } from './render-alert.ts';

/** What the DLP mails say about one incident. Everything comes from the incident record: evidence is masked. */
export interface DlpIncidentContent {
  incident: DlpIncident;
  tenantName: string;
  /** Deep link to the incident in the dashboard (the alert's only live link). */
  dashboardUrl: string;
  /** Actions the policy asked for, as the sender notice explains them. */
  removesSentCopy: boolean;
  alertsSecurityTeam: boolean;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const ACTION_TEXT: Record<string, string> = { alert: 'security team alerted', notifySender: 'sender notified', removeSentCopy: 'sent copy removed (sealed copy in the vault)' };

/** The dashboard's page of one incident (`#/dlp/<id>/<tenant>`; the tenant is a hint for the picker). */
export function incidentLink(dashboardBase: string, tenantId: string, incidentId: string): string {
  return `${dashboardBase.replace(/\/$/, '')}/#/dlp/${encodeURIComponent(incidentId)}/${encodeURIComponent(tenantId)}`;
}

function actionsLine(c: DlpIncidentContent): string {
  const planned = c.incident.actions.map((a) => `${ACTION_TEXT[a.action] ?? a.action}${a.status === 'monitor' ? ' — monitor mode: not done' : a.status === 'done' || a.status === 'queued' ? '' : ` (${a.status})`}`);
  return planned.length ? planned.join('; ') : 'recorded only (no incident actions in the tenant policy)';
}

/**
 * The security-team alert for a DLP incident: who sent what kind of data to whom, under which rules, with the
 * masked evidence only. Addresses and the subject are defanged like every alert (mail clients auto-link them).
 */
export function renderDlpAlert(c: DlpIncidentContent): RenderedMail {
  const i = c.incident;
  const kinds = i.rules.map((r) => r.rule).join(', ');
  const to = i.recipients.length ? i.recipients.map(defangEmail).join(', ') : '(no recipients in the headers)';
  const subject = `[MailWarden] Sensitive data sent – ${kinds} – by ${defangEmail(i.sender)} to ${plural(i.recipients.length, 'recipient')}`;
  const where: [string, string][] = [
    ['Tenant', c.tenantName],
    ['Sender', defangEmail(i.sender)],
    ['Recipients', to],
    ['Subject', defangText(i.subject)],
    ['Mailbox', defangEmail(i.mailboxAddress ?? i.mailboxId)],
    ['Detected', i.detectedAt],
    ['Incident', i.id],
  ];
  const text = [
    `Sensitive data left the organisation (${plural(i.matchCount, 'match')})`,
    '',
    'WHERE',
    ...where.map(([k, v]) => `  ${k}: ${v}`),
    '',
    'WHAT WAS FOUND (masked)',
    ...i.rules.flatMap((r) => [`  - ${r.rule} ×${r.count}: ${r.description}`, ...r.evidence.map((e) => `      ${defangText(e)}`)]),
    '',
    'WHAT IS BEING DONE',
    `  ${actionsLine(c)}`,
    '',
    `Review in the dashboard: ${c.dashboardUrl}`,
  ].join('\n');
  const html = cardEmailHtml({
    subject,
    color: '#6941c6',
    kicker: 'MailWarden DLP incident',
    headline: `Sensitive data sent · ${plural(i.matchCount, 'match')}`,
    subline: actionsLine(c),
    sections: [
      { titleHtml: 'Where', bodyHtml: infoTable(where) },
      {
        titleHtml: 'What was found <span style="font-weight:400;color:#475467">(masked)</span>',
        bodyHtml: `<table role="presentation" width="100%" style="font-size:13px;border-collapse:collapse">${i.rules
          .map((r) => `<tr><td style="padding:6px 8px;border-top:1px solid #eaecf0;white-space:nowrap;vertical-align:top"><code>${esc(r.rule)}</code><br><span style="color:#475467">×${r.count}</span></td><td style="padding:6px 8px;border-top:1px solid #eaecf0">${esc(r.description)}<br><span style="font-family:Consolas,monospace;color:#344054">${r.evidence.map((e) => esc(defangText(e))).join('<br>')}</span></td></tr>`)
          .join('')}</table>`,
      },
    ],
    button: { href: c.dashboardUrl, label: 'Review the incident' },
    footer: `Sent by MailWarden to the security team of ${c.tenantName}. Values are masked; addresses are defanged on purpose.`,
  });
  return { subject, text, html };
}

/**
 * The sender's notice: a plain explanation in plain text of what was found (kinds and masked samples, never the
 * value), what happens now, and who to talk to. No links: it must not look like the phishing it warns about.
 */
export function renderDlpSenderNotice(c: DlpIncidentContent): Omit<RenderedMail, 'html'> {
  const i = c.incident;
  const subjectLine = i.subject ? `"${i.subject.slice(0, 120)}"` : 'without a subject';
  const recipients = i.recipients.length ? i.recipients.slice(0, 10).join(', ') + (i.recipients.length > 10 ? ` and ${i.recipients.length - 10} more` : '') : 'its recipients';
  const after = [
    ...(c.removesSentCopy ? ['The copy in your Sent Items folder has been removed; the security team keeps a sealed copy.'] : []),
    ...(c.alertsSecurityTeam ? ['Your security team has been told about this message and may contact you.'] : []),
  ];
  const text = [
    'Hello,',
    '',
    `The message you sent ${subjectLine} to ${recipients} (${i.detectedAt.slice(0, 16).replace('T', ' ')} UTC) appears to contain sensitive data that ${c.tenantName}'s data protection policy watches for:`,
    '',
    ...i.rules.flatMap((r) => [`  - ${r.description.replace(/ in outbound mail$/, '')} (${plural(r.count, 'occurrence')})`, ...r.evidence.slice(0, 3).map((e) => `      ${e}`)]),
    '',
    'The values are masked here. The message has already been delivered; this notice cannot recall it.',
    ...after,
    '',
    'If sending this data was a mistake, tell your security team now so they can help contain it (for example by having a card cancelled or a key rotated). If it was intended, no action is needed.',
    '',
    `Reference: ${i.id}`,
    '',
    '— MailWarden, on behalf of your security team',
  ].join('\n');
  return { subject: `Sensitive data in your message ${subjectLine.slice(0, 100)}`, text };
}
