import type { Email, Address } from 'postal-mime';
import type { Domain, EmailAddress, HeaderField, Headers, Mailbox } from '../../core/message.ts';
import { fixC1 } from './c1-fix.ts';
import { toDomain, toEmailAddress } from './domain.ts';
import type { ParsedAuthResults } from './auth-results.ts';
import { allIps, buildHops, pickAuthSummary } from './hops.ts';

/** Most domains and IPs listed for the header block: a header stuffed with thousands says nothing more. */
const MAX_HEADER_ITEMS = 200;
// Starts only where a token starts and takes at most ten labels, so long dotted runs cost one try each.
const HOSTNAME = /(?<![a-z0-9.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z][a-z0-9-]{0,62})(?![a-z0-9-])/gi;
/** Fields whose host names describe the message's path and origin. */
const DOMAIN_FIELDS = new Set(['received', 'message-id', 'return-path', 'authentication-results', 'list-unsubscribe', 'sender', 'x-sender']);
const IP_FIELDS = new Set(['received', 'x-originating-ip', 'x-sender-ip', 'x-originatororg', 'x-ms-exchange-crosstenant-originalarrivaltime', 'received-spf', 'authentication-results']);

export function buildHeaderFields(email: Email): HeaderField[] {
  return email.headers.map((h, position) => ({ name: h.originalKey ?? h.key, value: h.value, position }));
}

export function buildHeaders(email: Email, fields: HeaderField[]): Headers {
  const lookup = (name: string) => fields.find((f) => f.name.toLowerCase() === name)?.value ?? null;
  const domains = new Map<string, Domain>();
  const ips = new Set<string>();
  for (const f of fields) {
    const name = f.name.toLowerCase();
    // DKIM signatures are mostly base64: only the signing domain is a domain.
    const text = name === 'dkim-signature' ? (/\bd\s*=\s*([^\s;]+)/i.exec(f.value)?.[1] ?? '') : DOMAIN_FIELDS.has(name) ? f.value.slice(0, 4096) : '';
    if (text !== '' && domains.size < MAX_HEADER_ITEMS) {
      for (const m of text.matchAll(HOSTNAME)) {
        const host = m[1]!.toLowerCase();
        if (domains.size >= MAX_HEADER_ITEMS) break;
        if (domains.has(host)) continue;
        const d = toDomain(host);
        if (d.valid) domains.set(host, d);
      }
    }
    if (IP_FIELDS.has(name)) allIps(f.value.slice(0, 4096), ips, MAX_HEADER_ITEMS);
  }
  // Each Authentication-Results header is read for the summary and for its hop: parse it once.
  const arCache = new Map<string, ParsedAuthResults>();
  return {
    auth_summary: pickAuthSummary(fields, arCache),
    hops: buildHops(fields, arCache),
    message_id: email.messageId?.trim() ?? null,
    in_reply_to: email.inReplyTo?.trim() ?? null,
    references: (email.references ?? '').split(/\s+/).filter((r) => r !== '').slice(0, 200),
    reply_to: toMailboxes(email.replyTo),
    return_path: email.returnPath ? toEmailAddress(email.returnPath) : null,
    mailer: lookup('x-mailer') ?? lookup('user-agent'),
    domains: [...domains.values()],
    ips: [...ips].map((ip) => ({ ip })),
    date: email.date ?? null,
    fields,
  };
}

/** Groups are flattened: rules look at people, not at how the sender grouped them. */
export function toMailboxes(addresses: Address[] | Address | undefined): Mailbox[] {
  if (!addresses) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses];
  const out: Mailbox[] = [];
  for (const a of list) {
    if (out.length >= 1000) break;
    if (a.group) for (const m of a.group) out.push(toMailbox(m.name, m.address));
    else out.push(toMailbox(a.name, a.address ?? ''));
  }
  return out;
}

export function toMailbox(name: string | null | undefined, address: string): Mailbox {
  const display = fixC1(name ?? '').trim();
  return { display_name: display === '' ? null : display, email: toEmailAddress(address) };
}

export function emptyEmail(): EmailAddress {
  return toEmailAddress('');
}
