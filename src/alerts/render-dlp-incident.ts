import type { DlpIncident } from '../store/dlp-incidents-repo.ts';
import { defangEmail, defangText } from './defang.ts';
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

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
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
  const row = (k: string, v: string) => `<tr><th align="left" style="padding:4px 12px 4px 0;color:#475467;font-weight:600;vertical-align:top">${esc(k)}</th><td style="padding:4px 0">${esc(v)}</td></tr>`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="margin:0;background:#f2f4f7;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="background:#fff;border:1px solid #eaecf0;border-radius:8px">
<tr><td style="background:#6941c6;color:#fff;padding:16px 24px;border-radius:8px 8px 0 0">
<div style="font-size:12px;letter-spacing:.08em;text-transform:uppercase;opacity:.85">MailWarden DLP incident</div>
<div style="font-size:20px;font-weight:700;margin-top:4px">Sensitive data sent · ${esc(plural(i.matchCount, 'match'))}</div>
<div style="font-size:14px;margin-top:4px">${esc(actionsLine(c))}</div></td></tr>
<tr><td style="padding:16px 24px"><h2 style="font-size:15px;margin:0 0 8px">Where</h2><table role="presentation" style="font-size:14px">${where.map(([k, v]) => row(k, v)).join('')}</table></td></tr>
<tr><td style="padding:0 24px 16px"><h2 style="font-size:15px;margin:0 0 8px">What was found <span style="font-weight:400;color:#475467">(masked)</span></h2>
<table role="presentation" width="100%" style="font-size:13px;border-collapse:collapse">${i.rules
    .map((r) => `<tr><td style="padding:6px 8px;border-top:1px solid #eaecf0;white-space:nowrap;vertical-align:top"><code>${esc(r.rule)}</code><br><span style="color:#475467">×${r.count}</span></td><td style="padding:6px 8px;border-top:1px solid #eaecf0">${esc(r.description)}<br><span style="font-family:Consolas,monospace;color:#344054">${r.evidence.map((e) => esc(defangText(e))).join('<br>')}</span></td></tr>`)
    .join('')}</table></td></tr>
<tr><td style="padding:8px 24px 24px"><a href="${esc(c.dashboardUrl)}" style="display:inline-block;background:#1d4ed8;color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600;font-size:14px">Review the incident</a></td></tr>
</table><p style="font-size:12px;color:#667085">Sent by MailWarden to the security team of ${esc(c.tenantName)}. Values are masked; addresses are defanged on purpose.</p>
</td></tr></table></body></html>`;
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
