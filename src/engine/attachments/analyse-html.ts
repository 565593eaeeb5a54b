/**
 * HTML, SVG and HTA attachments: HTML smuggling (a payload rebuilt in the browser with atob/Blob and saved
 * with msSaveOrOpenBlob or a download link), data-URI downloads, scripted redirects, credential forms posting
 * off-site, script inside SVG, and obfuscated script. Links and visible text feed the content detectors.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';

const MAX_HTML = 5 * 1024 * 1024;
const MAX_LINKS = 200;

function has(re: RegExp, s: string): boolean {
  return re.test(s);
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)));
}

const MAX_DATA_URIS = 20;

/**
 * Files embedded as base64 `data:` URIs (download links, images) become child nodes: the executable a
 * smuggling page offers, or the QR-code image a phishing page shows, is analysed like any attachment.
 */
async function dataUriChildren(ctx: AnalyserContext, html: string): Promise<void> {
  let n = 0;
  for (const m of html.matchAll(/<(?:a|img|iframe|embed|object)\b[^>]*?\b(?:href|src|data)\s*=\s*["']data:([\w.+/-]*)(?:;[\w=.-]+)*;base64,([A-Za-z0-9+/=\s]{64,})["'][^>]*>/gi)) {
    if (n >= MAX_DATA_URIS) break;
    const bytes = Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64');
    if (bytes.length > ctx.budget.remainingExpandedBytes()) break;
    if (!ctx.budget.takeEntry()) {
      ctx.flag('entry_limit');
      break;
    }
    ctx.budget.addExpanded(bytes.length);
    n++;
    const name = /\bdownload\s*=\s*["']([^"']{1,200})["']/i.exec(m[0])?.[1] ?? `data_uri_${n}${m[1] ? `.${m[1].split('/').pop()}` : ''}`;
    await ctx.child(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

export async function analyseHtml(ctx: AnalyserContext): Promise<void> {
  const html = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, Math.min(ctx.bytes.byteLength, MAX_HTML)).toString('utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
  const code = scripts.join('\n') + '\n' + [...html.matchAll(/\son\w+\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]).join('\n');
  const builds = has(/\bnew\s+Blob\s*\(|\bcreateObjectURL\s*\(|\bUint8Array\s*\(/i, code);
  const decodes = has(/\batob\s*\(|base64|fromCharCode/i, code);
  const saves = has(/msSaveOrOpenBlob|msSaveBlob|\.download\s*=|setAttribute\s*\(\s*["']download|\.click\s*\(\s*\)/i, code);
  if ((builds && (decodes || saves)) || has(/msSaveOrOpenBlob/i, code)) ctx.flag('html_smuggling');
  if (has(/<a\b[^>]*\bhref\s*=\s*["']?data:[^>]*\bdownload\b|<a\b[^>]*\bdownload\b[^>]*\bhref\s*=\s*["']?data:/i, html)) ctx.flag('data_uri_download');
  const redirect = /(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*["'`]([^"'`]+)|location\.(?:replace|assign)\s*\(\s*["'`]([^"'`]+)|<meta[^>]+http-equiv\s*=\s*["']?refresh[^>]*url\s*=\s*([^"'>\s]+)/i.exec(html);
  if (redirect) {
    ctx.flag('html_redirect');
    const target = redirect[1] ?? redirect[2] ?? redirect[3];
    if (target) ctx.link(decodeEntities(target), 'attachment');
  }
  const forms = [...html.matchAll(/<form\b[^>]*>/gi)].map((m) => /\baction\s*=\s*["']?([^"'\s>]+)/i.exec(m[0])?.[1] ?? '');
  const offsite = forms.filter((a) => /^(https?:)?\/\//i.test(a));
  const password = has(/<input\b[^>]*type\s*=\s*["']?password/i, html);
  // A local file has no site of its own: any absolute form target sends what is typed somewhere else.
  if (offsite.length) ctx.flag('form_offsite');
  if (password && (offsite.length || has(/fetch\s*\(|XMLHttpRequest|\$\.(ajax|post)|api\.telegram\.org/i, code))) ctx.flag('credential_form');
  if (ctx.type.kind === 'svg' && (scripts.length || has(/\son(load|click|mouseover)\s*=|<foreignObject\b|javascript:/i, html))) ctx.flag('svg_script');
  const longBase64 = /[A-Za-z0-9+/]{2000,}={0,2}/.test(code) || /["'][A-Za-z0-9+/]{4000,}={0,2}["']/.test(html);
  if (has(/\beval\s*\(|unescape\s*\(|document\.write\s*\(\s*(unescape|atob|decodeURIComponent)|String\.fromCharCode\s*\([^)]{40,}|\\x[0-9a-f]{2}(\\x[0-9a-f]{2}){30,}/i, code) || longBase64) {
    ctx.flag('obfuscated_script');
  }
  let links = 0;
  for (const m of html.matchAll(/\b(?:href|src|action)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)) {
    if (links++ >= MAX_LINKS) break;
    ctx.link(decodeEntities(m[1]!.startsWith('//') ? `https:${m[1]}` : m[1]!), 'attachment');
  }
  for (const a of offsite) ctx.link(decodeEntities(a.startsWith('//') ? `https:${a}` : a), 'attachment');
  const title = /<title[^>]*>([^<]{0,300})<\/title>/i.exec(html)?.[1]?.trim() ?? null;
  setScan(ctx.node, 'html', { title, scripts: scripts.length, forms: forms.length, form_actions: forms.slice(0, 10), password_input: password });
  const text = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  ctx.text(decodeEntities(text).replace(/\s+/g, ' ').trim());
  if (html.includes('data:')) await dataUriChildren(ctx, html);
}
