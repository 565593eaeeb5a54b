import PostalMime, { addressParser, type Email } from 'postal-mime';
import type { Body, Link, Mailbox, MessageModel, Thread } from '../../core/message.ts';
import type { Limits } from '../limits.ts';
import { toAttachment } from './attachments.ts';
import { fixC1 } from './c1-fix.ts';
import { buildHeaderFields, buildHeaders, toMailbox, toMailboxes } from './headers.ts';
import { renderHtml, tidy } from './html-render.ts';
import { findTextUrls, makeLink } from './links.ts';
import { messageType } from './message-type.ts';
import { installPostalSpeedup } from './postal-speedup.ts';
import { prescan } from './prescan.ts';
import { parseSubject } from './subject.ts';
import { threadSplits } from './threads.ts';

installPostalSpeedup();

export interface ParseOptions {
  limits: Limits;
  orgDomains: string[];
  externalId: string | null;
  direction?: 'inbound' | 'outbound';
}

/**
 * Raw MIME → the message model, under the hard limits. Never throws: a message the MIME parser rejects is
 * retried header-only, and anything left over becomes a parse warning on a (possibly mostly empty) model.
 */
export async function parseMessage(raw: Uint8Array, options: ParseOptions): Promise<MessageModel> {
  const { limits } = options;
  const pre = prescan(raw, limits);
  const warnings = [...pre.warnings];
  let truncated = pre.truncated;
  let email = await tryParse(pre.bytes, limits, warnings);
  if (!email) {
    email = await tryParse(headerOnly(pre.bytes), limits, warnings);
    truncated = true;
  }
  const model = safeBuild(email ?? emptyPostal(), options, warnings);
  model.parse = { warnings, size: raw.length, truncated: truncated || model.parse.truncated, parts: pre.parts };
  return model;
}

async function tryParse(bytes: Uint8Array, limits: Limits, warnings: string[]): Promise<Email | null> {
  try {
    return await PostalMime.parse(bytes, {
      attachmentEncoding: 'arraybuffer',
      // Our pre-scan already cut the message to our caps; these stop anything it could not see (encoded parts).
      maxNestingDepth: limits.maxMimeDepth + 4,
      maxHeadersSize: limits.maxHeaderBytes + limits.maxParts * 8192,
      maxRfc822NestingDepth: Math.min(limits.maxMimeDepth, 5),
    });
  } catch (err) {
    warnings.push(`MIME parser rejected the message: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/** The header block alone, for a second attempt when the body cannot be parsed. */
function headerOnly(bytes: Uint8Array): Uint8Array {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lf = b.indexOf('\n\n');
  const crlf = b.indexOf('\r\n\r\n');
  const ends = [lf, crlf].filter((i) => i >= 0);
  return ends.length ? bytes.subarray(0, Math.min(...ends) + 1) : bytes;
}

/**
 * Building the model must not throw either: if something in the message trips our own code, keep what the
 * headers say and record why the body was dropped.
 */
function safeBuild(email: Email, options: ParseOptions, warnings: string[]): MessageModel {
  try {
    return buildModel(email, options, warnings);
  } catch (err) {
    warnings.push(`body dropped, model building failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return buildModel({ ...email, text: undefined, html: undefined, attachments: [] }, options, warnings);
  } catch (err) {
    warnings.push(`headers dropped, model building failed: ${err instanceof Error ? err.message : String(err)}`);
    return buildModel(emptyPostal(), options, warnings);
  }
}

function emptyPostal(): Email {
  return { headers: [], headerLines: [], attachments: [] };
}

function buildModel(email: Email, options: ParseOptions, warnings: string[]): MessageModel {
  const { limits } = options;
  email.text = fixC1(email.text);
  email.html = fixC1(email.html);
  email.subject = fixC1(email.subject);
  const fields = buildHeaderFields(email);
  const headers = buildHeaders(email, fields);
  const from = pickSender(fromMailboxes(email));
  const recipients = { to: toMailboxes(email.to), cc: toMailboxes(email.cc), bcc: toMailboxes(email.bcc) };
  const attachments = email.attachments.slice(0, limits.maxParts).map(toAttachment);
  let truncated = false;
  const clip = (text: string | undefined, what: string): string | null => {
    if (text === undefined) return null;
    if (text.length <= limits.maxTextLength) return text;
    warnings.push(`${what} truncated to maxTextLength=${limits.maxTextLength}`);
    truncated = true;
    return text.slice(0, limits.maxTextLength);
  };
  const body = buildBody(clip(email.text, 'plain body'), clip(email.html, 'html body'), limits, warnings);
  if (body.truncated) truncated = true;
  const all = [...recipients.to, ...recipients.cc, ...recipients.bcc];
  return {
    external_id: options.externalId,
    headers,
    subject: parseSubject(email.subject ?? ''),
    sender: from,
    recipients,
    body: body.body,
    attachments,
    type: messageType(from, all, options.orgDomains, headers.auth_summary, options.direction),
    mailbox: null,
    parse: { warnings, size: 0, truncated },
  };
}

/** postal-mime keeps only the first From entry; when that one has no address, read the whole field again. */
function fromMailboxes(email: Email): Mailbox[] {
  const first = toMailboxes(email.from);
  if (first.some((m) => m.email.email.includes('@'))) return first;
  const raw = email.headers.find((h) => h.key === 'from')?.value;
  if (!raw) return first;
  try {
    return toMailboxes(addressParser(raw.slice(0, 4096), { flatten: true }));
  } catch {
    return first;
  }
}

/**
 * The first From mailbox that has an address. Spammers write `Microsoft account team ,_<x@y>`: the comma
 * splits it into a name-only entry and the real mailbox, so names seen before the address are kept in front.
 */
function pickSender(list: Mailbox[]): Mailbox {
  const at = list.findIndex((m) => m.email.email.includes('@'));
  if (at < 0) return list[0] ?? toMailbox(null, '');
  if (at === 0) return list[0]!;
  const names = list.slice(0, at + 1).map((m) => m.display_name ?? (m.email.email || null)).filter((n): n is string => Boolean(n));
  return { display_name: names.length ? names.join(', ') : null, email: list[at]!.email };
}

function buildBody(plain: string | null, html: string | null, limits: Limits, warnings: string[]): { body: Body; truncated: boolean } {
  let truncated = false;
  let budget = limits.maxUrls;
  const positioned: { link: Link; offset: number }[] = [];
  let bodyHtml: Body['html'] = null;
  let threadText: string;
  if (html !== null) {
    const r = renderHtml(html, budget);
    if (r.cutShort) {
      warnings.push('html rendering stopped at the element or nesting cap');
      truncated = true;
    }
    bodyHtml = { raw: html, display_text: r.displayText, inner_text: r.innerText, forms: r.forms };
    for (const l of r.links) positioned.push({ link: makeLink(l.href, l.text, 'html', l.visible), offset: l.offset });
    budget -= r.links.length;
    threadText = r.rawDisplay;
  } else {
    threadText = plain ?? '';
  }
  // Plain-text URLs: from the plain part, skipping those the HTML already links to.
  const seen = new Set(positioned.map((p) => p.link.href_url.url));
  const plainSource = plain ?? '';
  for (const u of findTextUrls(plainSource, Math.max(0, budget))) {
    if (seen.has(u.url) || seen.has(u.raw)) continue;
    seen.add(u.url);
    // Offsets of plain links only line up with the thread text when there is no HTML.
    positioned.push({ link: makeLink(u.url, u.raw, 'plain', true), offset: html === null ? u.index : Number.MAX_SAFE_INTEGER });
    if (--budget <= 0) break;
  }
  if (positioned.length >= limits.maxUrls) {
    warnings.push(`links capped at maxUrls=${limits.maxUrls}`);
    truncated = true;
  }
  const threads = splitThreads(threadText, positioned);
  return {
    body: {
      plain: plain === null ? null : { raw: plain },
      html: bodyHtml,
      current_thread: threads[0]!,
      previous_threads: threads.slice(1),
      links: positioned.map((p) => p.link),
    },
    truncated,
  };
}

function splitThreads(text: string, links: { link: Link; offset: number }[]): Thread[] {
  const splits = threadSplits(text);
  const bounds = [0, ...splits, Infinity];
  const threads: Thread[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    const inThread = links.filter((l) => (i === 0 && l.offset >= Number.MAX_SAFE_INTEGER) || (l.offset >= start && l.offset < end && l.offset < Number.MAX_SAFE_INTEGER));
    threads.push({ text: tidy(text.slice(start, end === Infinity ? undefined : end)), links: inThread.map((l) => l.link) });
  }
  return threads;
}
