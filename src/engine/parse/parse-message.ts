import PostalMime, { type Email } from 'postal-mime';
import type { HeaderField, Mailbox, MessageModel } from '../../core/message.ts';
import type { Limits } from '../limits.ts';
import { toAttachment } from './attachments.ts';
import { fixC1 } from './c1-fix.ts';
import { buildBody } from './body.ts';
import { buildHeaderFields, buildHeaders, toMailbox, toMailboxes } from './headers.ts';
import { messageType } from './message-type.ts';
import { installPostalSpeedup } from './postal-speedup.ts';
import { prescan } from './prescan.ts';
import { parseSubject } from './subject.ts';
import { fromMailboxes, pickSender } from './sender.ts';

installPostalSpeedup();

export interface ParseOptions {
  limits: Limits;
  orgDomains: string[];
  externalId: string | null;
  direction?: 'inbound' | 'outbound';
  /** Build the body HTML's DOM while rendering it and keep it for the rules' `html.xpath` (./html-document.ts). */
  htmlDocument?: boolean;
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
 * The mailbox the message was delivered to, as the final delivery stamped it (the topmost Delivered-To, else
 * X-Original-To). Scans from a provider know it already; for mail on disk this is the best witness.
 */
function deliveredTo(fields: HeaderField[]): Mailbox | null {
  for (const name of ['delivered-to', 'x-original-to']) {
    const value = fields.find((f) => f.name.toLowerCase() === name)?.value.trim();
    const address = value ? /[^\s<>,;]+@[^\s<>,;]+/.exec(value)?.[0] : undefined;
    if (address) return toMailbox(null, address);
  }
  return null;
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
  const body = buildBody(clip(email.text, 'plain body'), clip(email.html, 'html body'), limits, warnings, { htmlDocument: options.htmlDocument });
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
    mailbox: deliveredTo(fields),
    parse: { warnings, size: 0, truncated },
  };
}
