import type { MessageModel } from '../../core/message.ts';
import { DEFAULT_LIMITS } from '../../engine/limits.ts';
import { parseMessage } from '../../engine/parse/parse-message.ts';
import { defangUrl } from '../../alerts/defang.ts';

/**
 * What the message page shows of a message's content, re-parsed from the sealed vault copy (kept for every
 * quarantined or removed message). Links are given defanged only: the dashboard must never render a live
 * malicious link. Bodies are not returned.
 */
export interface MessageView {
  subject: string;
  from: { name: string | null; address: string };
  replyTo: string[];
  returnPath: string | null;
  to: string[];
  date: string | null;
  messageId: string | null;
  auth: Record<string, { pass: boolean | null; verdict: string | null }>;
  headers: { name: string; value: string }[];
  hops: { index: number; server: string | null; ip: string | null; time: string | null }[];
  links: { href: string; domain: string; displayText: string | null; mismatched: boolean; parser: string }[];
  attachments: { fileName: string | null; contentType: string | null; size: number; sha256: string; children: { fileName: string | null; depth: number; size: number; flags: string[] }[] }[];
}

export async function messageView(raw: Uint8Array): Promise<MessageView> {
  const m: MessageModel = await parseMessage(raw, { limits: DEFAULT_LIMITS, orgDomains: [], externalId: null });
  const a = m.headers.auth_summary;
  return {
    subject: m.subject.subject,
    from: { name: m.sender.display_name, address: m.sender.email.email },
    replyTo: m.headers.reply_to.map((r) => r.email.email),
    returnPath: m.headers.return_path?.email ?? null,
    to: m.recipients.to.map((r) => r.email.email),
    date: m.headers.date,
    messageId: m.headers.message_id,
    auth: Object.fromEntries((['spf', 'dkim', 'dmarc', 'compauth', 'arc'] as const).map((k) => [k, { pass: a[k].pass, verdict: a[k].verdict }])),
    headers: m.headers.fields.slice(0, 200).map((f) => ({ name: f.name, value: f.value.slice(0, 2000) })),
    hops: m.headers.hops.slice(0, 50).map((h) => ({ index: h.index, server: h.received?.server_name ?? null, ip: h.received?.source_ip ?? null, time: h.received?.time ?? null })),
    links: m.body.links.slice(0, 500).map((l) => ({ href: defangUrl(l.href_url.url), domain: l.href_url.domain.domain, displayText: l.display_text, mismatched: l.mismatched, parser: l.parser })),
    attachments: m.attachments.map((x) => ({
      fileName: x.file_name, contentType: x.content_type, size: x.size, sha256: x.sha256,
      children: (x.explode ?? []).filter((n) => n.depth > 0).map((n) => ({ fileName: n.file_name, depth: n.depth, size: n.size, flags: n.flags })),
    })),
  };
}
