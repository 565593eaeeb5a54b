/**
 * Builds complete, valid MessageModel objects for detector tests, without MIME. Every part can be overridden;
 * the helpers below build the nested pieces (domains, addresses, links, auth results) the way the parser does.
 */
import type { AuthResult, AuthSummary, HeaderField, Link, Mailbox, MessageModel } from '../../src/core/message.ts';
import { toDomain, toEmailAddress } from '../../src/engine/parse/domain.ts';
import { parseUrl } from '../../src/engine/parse/url.ts';

export { toDomain };

/** A mailbox from "Name <addr>" parts. */
export function mailbox(email: string, displayName: string | null = null): Mailbox {
  return { display_name: displayName, email: toEmailAddress(email) };
}

/** A link as the parser records it; `text` is the visible text, and `mismatched` is derived from it. */
export function link(href: string, text: string | null = null, parser: Link['parser'] = 'html'): Link {
  const href_url = parseUrl(href);
  const looksLikeUrl = text !== null && /^(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(text.trim());
  const display_url = looksLikeUrl ? parseUrl(/^https?:/i.test(text!.trim()) ? text!.trim() : `http://${text!.trim()}`) : null;
  const mismatched = display_url !== null && display_url.domain.root_domain !== href_url.domain.root_domain;
  return { href_url, display_text: text, display_url, mismatched, parser, visible: true };
}

const NOT_STAMPED: AuthResult = { pass: null, verdict: null, details: null };

/** An auth summary from result words: `auth({ spf: 'fail', dmarc: 'pass' })`. */
export function auth(results: Partial<Record<keyof AuthSummary, string>> = {}): AuthSummary {
  const one = (v: string | undefined): AuthResult => (v === undefined ? { ...NOT_STAMPED } : { pass: v === 'pass', verdict: v, details: null });
  return { spf: one(results.spf), dkim: one(results.dkim), dmarc: one(results.dmarc), compauth: one(results.compauth), arc: one(results.arc) };
}

/** Header fields from [name, value] pairs, positions in order. */
export function fields(pairs: [string, string][]): HeaderField[] {
  return pairs.map(([name, value], position) => ({ name, value, position }));
}

export interface ModelParts extends Partial<Omit<MessageModel, 'headers' | 'body'>> {
  headers?: Partial<MessageModel['headers']>;
  body?: Partial<MessageModel['body']>;
}

/** A plain inbound message from alice@example.com, overridable part by part. */
export function makeModel(parts: ModelParts = {}): MessageModel {
  const sender = parts.sender ?? mailbox('alice@example.com', 'Alice Example');
  const links = parts.body?.links ?? [];
  const text = parts.body?.current_thread?.text ?? parts.body?.plain?.raw ?? 'Hello, see you tomorrow.';
  const base: MessageModel = {
    external_id: 'test-message',
    headers: {
      auth_summary: auth(),
      hops: [],
      message_id: '<test@example.com>',
      in_reply_to: null,
      references: [],
      reply_to: [],
      return_path: null,
      mailer: null,
      domains: [],
      ips: [],
      date: '2026-01-05T10:00:00.000Z',
      fields: fields([
        ['From', sender.display_name ? `${sender.display_name} <${sender.email.email}>` : sender.email.email],
        ['To', 'bob@acme.com'],
        ['Subject', 'Hello'],
      ]),
      ...parts.headers,
    },
    subject: { subject: 'Hello', base: 'Hello', is_reply: false, is_forward: false },
    sender,
    recipients: { to: [mailbox('bob@acme.com', 'Bob')], cc: [], bcc: [] },
    body: {
      plain: { raw: text },
      html: null,
      current_thread: { text, links },
      previous_threads: [],
      links,
      ...parts.body,
    },
    attachments: [],
    type: { inbound: true, outbound: false, internal: false },
    mailbox: null,
    parse: { warnings: [], size: 1000, truncated: false },
  };
  const { headers: _h, body: _b, sender: _s, ...rest } = parts;
  return { ...base, ...rest };
}
