/**
 * The HTML frame of MailWarden's emails to the security team: a 640 px card with a coloured header, titled
 * sections and one button. Table layout and inline styles only, since mail clients drop stylesheets. Callers pass
 * section bodies as HTML they built with `esc`; everything else given as text is escaped here.
 */

/** HTML-escapes text (element content and double- or single-quoted attribute values). */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One `label: value` line of a section's key/value table, both given as text. */
export function infoRow(label: string, value: string): string {
  return `<tr><th align="left" style="padding:4px 12px 4px 0;color:#475467;font-weight:600;vertical-align:top">${esc(label)}</th><td style="padding:4px 0">${esc(value)}</td></tr>`;
}

/** A key/value table of text pairs, as a section body. */
export function infoTable(rows: readonly (readonly [string, string])[]): string {
  return `<table role="presentation" style="font-size:14px">${rows.map(([k, v]) => infoRow(k, v)).join('')}</table>`;
}

export interface CardSection {
  /** Section title, HTML (escape text with `esc`). */
  titleHtml: string;
  bodyHtml: string;
}

export interface CardEmail {
  subject: string;
  /** Header background: the verdict's colour. */
  color: string;
  /** Small upper-case line above the headline ("MailWarden alert"). */
  kicker: string;
  headline: string;
  subline: string;
  sections: readonly CardSection[];
  button: { href: string; label: string };
  footer: string;
}

export function cardEmailHtml(e: CardEmail): string {
  const sections = e.sections
    .map((s, i) => `<tr><td style="padding:${i === 0 ? '16px 24px' : '0 24px 16px'}"><h2 style="font-size:15px;margin:0 0 8px">${s.titleHtml}</h2>${s.bodyHtml}</td></tr>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(e.subject)}</title></head>
<body style="margin:0;background:#f2f4f7;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="background:#fff;border:1px solid #eaecf0;border-radius:8px">
<tr><td style="background:${esc(e.color)};color:#fff;padding:16px 24px;border-radius:8px 8px 0 0">
<div style="font-size:12px;letter-spacing:.08em;text-transform:uppercase;opacity:.85">${esc(e.kicker)}</div>
<div style="font-size:20px;font-weight:700;margin-top:4px">${esc(e.headline)}</div>
<div style="font-size:14px;margin-top:4px">${esc(e.subline)}</div></td></tr>
${sections}
<tr><td style="padding:8px 24px 24px"><a href="${esc(e.button.href)}" style="display:inline-block;background:#1d4ed8;color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600;font-size:14px">${esc(e.button.label)}</a></td></tr>
</table><p style="font-size:12px;color:#667085">${esc(e.footer)}</p>
</td></tr></table></body></html>`;
}
