import type { RenderedMail } from './render-alert.ts';
import { defangEmail } from './defang.ts';
import { esc } from './email-layout.ts';

/** One tenant's day: what was scanned, what was caught and done, and the notable detections. */
export interface DigestContent {
  tenantName: string;
  day: string;
  counts: Record<string, number>;
  actions: Record<string, number>;
  topRules: { rule: string; n: number }[];
  detections: { mailbox: string; verdict: string; score: number; action: string; link: string }[];
  dashboardUrl: string;
}


/** The daily digest email (HTML + text). Addresses are defanged; links go only to our own dashboard. */
export function renderDigest(d: DigestContent): RenderedMail {
  const total = Object.values(d.counts).reduce((a, b) => a + b, 0);
  const threats = total - (d.counts.clean ?? 0);
  const subject = `[MailWarden] Daily digest ${d.day} – ${d.tenantName}: ${threats} detection(s) in ${total} message(s)`;
  const countLine = Object.entries(d.counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'no messages';
  const actionLine = Object.entries(d.actions).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const text = [
    `Daily digest for ${d.tenantName}, ${d.day} (UTC)`,
    '',
    `Messages scanned: ${total} (${countLine})`,
    `Actions taken: ${actionLine}`,
    '',
    'TOP RULES',
    ...(d.topRules.length ? d.topRules.map((r) => `  ${r.rule}: ${r.n}`) : ['  none']),
    '',
    'NOTABLE DETECTIONS',
    ...(d.detections.length ? d.detections.map((x) => `  - ${x.verdict} (${x.score.toFixed(1)}) to ${defangEmail(x.mailbox)}: ${x.action}  ${x.link}`) : ['  none']),
    '',
    `Dashboard: ${d.dashboardUrl}`,
  ].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;background:#f2f4f7;padding:24px">
<div style="max-width:640px;margin:auto;background:#fff;border:1px solid #eaecf0;border-radius:8px;padding:24px">
<h1 style="font-size:20px;margin:0 0 4px">Daily digest · ${esc(d.tenantName)}</h1><div style="color:#475467">${esc(d.day)} (UTC)</div>
<p style="font-size:15px"><b>${threats}</b> detection(s) in <b>${total}</b> message(s): ${esc(countLine)}.<br>Actions taken: ${esc(actionLine)}.</p>
<h2 style="font-size:15px">Top rules</h2><ul>${d.topRules.map((r) => `<li><code>${esc(r.rule)}</code> · ${r.n}</li>`).join('') || '<li>none</li>'}</ul>
<h2 style="font-size:15px">Notable detections</h2><table style="font-size:13px;border-collapse:collapse;width:100%">${d.detections
    .map((x) => `<tr><td style="padding:4px;border-top:1px solid #eaecf0">${esc(x.verdict)} · ${esc(x.score.toFixed(1))}</td><td style="padding:4px;border-top:1px solid #eaecf0">${esc(defangEmail(x.mailbox))}</td><td style="padding:4px;border-top:1px solid #eaecf0">${esc(x.action)}</td><td style="padding:4px;border-top:1px solid #eaecf0"><a href="${esc(x.link)}">open</a></td></tr>`)
    .join('') || '<tr><td>none</td></tr>'}</table>
<p><a href="${esc(d.dashboardUrl)}" style="display:inline-block;background:#1d4ed8;color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">Open the dashboard</a></p></div></body></html>`;
  return { subject, text, html };
}
