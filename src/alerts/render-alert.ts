import type { AlertContent } from './alert-content.ts';
import { defangEmail, defangText, defangUrl } from './defang.ts';
import { cardEmailHtml, esc, infoTable, type CardSection } from './email-layout.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const TITLES: Record<string, string> = { phishing: 'Phishing', malware: 'Malware', bec: 'Business email compromise', spam: 'Spam', suspicious: 'Suspicious message', clean: 'Message', dlp: 'Sensitive data' };
const COLORS: Record<string, string> = { phishing: '#b42318', malware: '#7a0916', bec: '#b54708', spam: '#475467', suspicious: '#b54708', clean: '#067647' };
const pass = (v: boolean | null) => (v === true ? 'pass' : v === false ? 'fail' : 'none');

function whatWasDone(c: AlertContent): string {
  const done = c.actions.filter((a) => a.status === 'done' || a.status === 'noop').map((a) => a.action);
  if (done.length) return `${done.join(', ')} (${c.decision.mode} mode)`;
  if (c.decision.action !== 'none') return `${c.decision.action} requested (${c.decision.mode} mode)`;
  return c.decision.planned !== 'none' ? `nothing yet: monitor mode would ${c.decision.planned}` : 'no action (delivered)';
}

/**
 * The security-team alert for one detection, as HTML and plain text. Every URL, domain and address taken from
 * the message is defanged (hxxps://evil[.]example): mail clients must not be able to turn them into links.
 * The only link is the dashboard's message page.
 */
export function renderAlert(c: AlertContent): RenderedMail {
  const kind = c.verdict.findings.some((f) => f.category === 'dlp') && c.verdict.verdict === 'clean' ? 'dlp' : c.verdict.verdict;
  const title = TITLES[kind] ?? kind;
  const subjectLine = c.message ? defangText(c.message.subject).slice(0, 120) : c.messageKey;
  const subject = `[MailWarden] ${title} – ${whatWasDone(c)} – "${subjectLine}" to ${defangEmail(c.mailbox)}`;
  const findings = [...c.verdict.findings].sort((a, b) => b.score - a.score).slice(0, 10);
  const m = c.message;
  const where: [string, string][] = [
    ['Tenant', c.tenantName],
    ['Mailbox', defangEmail(c.mailbox)],
    ...(m ? ([['From', `${m.fromName ? `${defangText(m.fromName)} ` : ''}<${defangEmail(m.from)}>`], ['Subject', defangText(m.subject)], ...(m.replyTo.length ? [['Reply-To', m.replyTo.map(defangEmail).join(', ')]] : []), ['Authentication', `SPF ${pass(m.auth.spf)}, DKIM ${pass(m.auth.dkim)}, DMARC ${pass(m.auth.dmarc)}`]] as [string, string][]) : []),
    ['Received', c.receivedAt],
  ];
  const text = [
    `${title} detected (score ${c.verdict.score.toFixed(1)})`,
    '',
    'WHERE',
    ...where.map(([k, v]) => `  ${k}: ${v}`),
    '',
    'WHAT WAS FOUND',
    ...findings.map((f) => `  - ${f.rule} (${f.category}, +${f.score.toFixed(1)}): ${defangText(f.evidence)}`),
    ...(m?.links.length ? ['', 'LINKS IN THE MESSAGE (defanged, do not visit)', ...m.links.slice(0, 10).map((l) => `  - ${defangUrl(l.url)}${l.mismatched ? ' (text shows a different address)' : ''}`)] : []),
    ...(m?.attachments.length ? ['', 'ATTACHMENTS', ...m.attachments.map((a) => `  - ${defangText(a.name ?? '(unnamed)')} ${a.type ?? ''} ${a.size} bytes`)] : []),
    '',
    'WHAT WAS DONE',
    `  ${whatWasDone(c)}`,
    `  Policy: ${defangText(c.decision.reason)}`,
    '',
    `Review in the dashboard: ${c.dashboardUrl}`,
  ].join('\n');

  const sections: CardSection[] = [
    { titleHtml: 'Where', bodyHtml: infoTable(where) },
    {
      titleHtml: 'What was found',
      bodyHtml: `<table role="presentation" width="100%" style="font-size:13px;border-collapse:collapse">${findings
        .map((f) => `<tr><td style="padding:6px 8px;border-top:1px solid #eaecf0;white-space:nowrap"><code>${esc(f.rule)}</code><br><span style="color:#475467">${esc(f.category)} · +${esc(f.score.toFixed(1))}</span></td><td style="padding:6px 8px;border-top:1px solid #eaecf0">${esc(defangText(f.evidence))}</td></tr>`)
        .join('')}</table>`,
    },
    ...(m?.links.length
      ? [{
          titleHtml: 'Links in the message <span style="font-weight:400;color:#475467">(defanged — do not visit)</span>',
          bodyHtml: `<ul style="margin:0;padding-left:18px;font-size:13px;font-family:Consolas,monospace">${m.links.slice(0, 10).map((l) => `<li>${esc(defangUrl(l.url))}${l.mismatched ? ' <em style="font-family:Segoe UI,Arial;color:#b42318">shown text differs</em>' : ''}</li>`).join('')}</ul>`,
        }]
      : []),
    ...(m?.attachments.length
      ? [{ titleHtml: 'Attachments', bodyHtml: `<ul style="margin:0;padding-left:18px;font-size:13px">${m.attachments.map((a) => `<li>${esc(defangText(a.name ?? '(unnamed)'))} · ${esc(a.type ?? '?')} · ${a.size} bytes</li>`).join('')}</ul>` }]
      : []),
    { titleHtml: 'What was done', bodyHtml: `<p style="margin:0;font-size:14px">${esc(whatWasDone(c))}<br><span style="color:#475467;font-size:13px">Policy: ${esc(defangText(c.decision.reason))}</span></p>` },
  ];
  const html = cardEmailHtml({
    subject,
    color: COLORS[kind] ?? '#344054',
    kicker: 'MailWarden alert',
    headline: `${title} detected · score ${c.verdict.score.toFixed(1)}`,
    subline: whatWasDone(c),
    sections,
    button: { href: c.dashboardUrl, label: 'Review in the dashboard' },
    footer: `Sent by MailWarden to the security team of ${c.tenantName}. Addresses and links from the message are defanged on purpose.`,
  });
  return { subject, text, html };
}
