/**
 * PDF: a byte-level scan of the object names that make a PDF active (JavaScript, automatic actions, launch,
 * embedded files, form submission), which works on files no parser can open; then text and link annotations
 * from pdf-parse for at most `maxPdfPages` pages. A PDF that is little more than a link or an image is
 * flagged: that is the shape of a credential-phishing lure.
 */
import type { AnalyserContext } from './analyser.ts';
import { latin1, setScan, urlsInText } from './analyser.ts';
import { extractPdfContent } from './pdf-content.ts';
import { objectStreamText, pdfStreams } from './pdf-object-streams.ts';

const ACTIVE_NAMES = ['JavaScript', 'JS', 'OpenAction', 'AA', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'SubmitForm', 'URI', 'AcroForm', 'XFA', 'RichMedia', 'Encrypt', 'ObjStm', 'Image', 'GoToR', 'ImportData'] as const;

/** Counts `/Name` tokens, decoding `#xx` escapes so `/J#61vaScript` counts as `/JavaScript`. */
function countNames(text: string): Record<string, number> {
  const wanted = new Set<string>(ACTIVE_NAMES);
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/\/([A-Za-z][A-Za-z0-9#]{0,30})/g)) {
    let name = m[1]!;
    if (name.includes('#')) name = name.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (wanted.has(name)) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** URLs written in `/URI (...)` actions, readable without a parser. */
function uriActions(text: string, max: number): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\/URI\s*\(([^)]{1,2000})\)/g)) {
    out.push(m[1]!.replace(/\\(.)/g, '$1'));
    if (out.length >= max) break;
  }
  return out;
}

/** The target of a `/SubmitForm` action (`/F (https://...)` or `/F << /F (url) >>`), when readable. */
function submitTargets(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\/SubmitForm[\s\S]{0,300}?\/F\s*(?:<<[\s\S]{0,100}?\/F\s*)?\(([^)]{1,500})\)/g)) out.push(m[1]!);
  return out;
}

export async function analysePdf(ctx: AnalyserContext): Promise<void> {
  const limits = ctx.budget.limits;
  const bytesText = latin1(ctx.bytes);
  const raw = /\/ObjStm/.test(bytesText) ? `${bytesText}\n${objectStreamText(bytesText, ctx.budget)}` : bytesText;
  const names = countNames(raw);
  const has = (n: string): boolean => (names[n] ?? 0) > 0;
  if (has('JavaScript') || has('JS')) ctx.flag('pdf_javascript');
  if (has('OpenAction') || has('AA')) ctx.flag('pdf_auto_action');
  if (has('Launch')) ctx.flag('pdf_launch');
  if (has('EmbeddedFile') || has('EmbeddedFiles')) {
    ctx.flag('pdf_embedded_file');
    let n = 0;
    for (const file of pdfStreams(raw, 'EmbeddedFile', ctx.budget, 20)) {
      if (!ctx.budget.takeEntry()) {
        ctx.flag('entry_limit');
        break;
      }
      await ctx.child(`pdf_embedded_${++n}`, file);
    }
  }
  if (has('Encrypt')) ctx.flag('encrypted_document');
  const submits = submitTargets(raw);
  if (has('SubmitForm')) ctx.flag('pdf_submit_form');
  for (const target of submits) ctx.link(target, 'pdf');
  const uris = uriActions(raw, limits.maxUrls);
  for (const u of uris) ctx.link(u, 'pdf');

  let content = await extractPdfContent(ctx.bytes, limits.maxPdfPages, limits.maxTextLength, ctx.budget.remainingMs());
  let password: string | null = null;
  // A PDF locked with a user password: try the passwords the message itself gives, then stop.
  for (const candidate of !content.ok && content.passwordRequired ? ctx.budget.passwords.slice(0, 3) : []) {
    const opened = await extractPdfContent(ctx.bytes, limits.maxPdfPages, limits.maxTextLength, ctx.budget.remainingMs(), candidate);
    if (opened.ok) {
      content = opened;
      password = candidate;
      ctx.flag('password_in_body');
      break;
    }
  }
  const urls = new Set(uris);
  if (content.ok) {
    ctx.text(content.text);
    for (const l of content.links) {
      if (urls.has(l.url)) continue;
      urls.add(l.url);
      ctx.link(l.url, 'pdf', l.text || null);
    }
    for (const u of urlsInText(content.text, 100)) {
      if (urls.has(u)) continue;
      urls.add(u);
      ctx.link(u, 'pdf');
    }
    if (content.pagesRead < content.pages) ctx.flag('pdf_pages_truncated');
  } else if (content.passwordRequired) {
    ctx.flag('encrypted_document');
  } else if (content.timedOut) {
    ctx.flag('time_budget');
    ctx.budget.hit('time_budget');
  } else {
    ctx.flag('malformed_pdf');
  }
  const words = content.ok ? content.text.split(/\s+/).filter((w) => w.length > 1).length : 0;
  // A lure PDF is one page or two with a handful of words and a link (or only an image, often a QR code).
  if (content.ok && content.pages <= 2 && words < 60 && urls.size > 0) ctx.flag('pdf_link_only');
  if (content.ok && content.pages <= 2 && words < 5 && has('Image')) ctx.flag('pdf_image_only');
  setScan(ctx.node, 'pdf', {
    names,
    urls: [...urls].slice(0, 100),
    pages: content.ok ? content.pages : null,
    words,
    submit_targets: submits.slice(0, 10),
    ...(password !== null ? { password_from_body: true } : {}),
    ...(!content.ok && content.passwordRequired ? { password_required: true } : {}),
    ...(content.ok ? {} : { error: content.error }),
  });
}
