/**
 * A message inside the message: a forwarded `.eml`, an mbox file, a bounce carrying the original. Phishing
 * wraps its payload this way because many gateways stop at the outer layer. The inner message is parsed under
 * the same MIME limits as the outer one (the pre-scan cuts parts, depth and bytes before the parser sees it);
 * its text and links join the node, its HTML body and attachments become child files analysed in turn.
 */
import PostalMime from 'postal-mime';
import type { AnalyserContext } from './analyser.ts';
import { setScan, urlsInText } from './analyser.ts';
import { prescan } from '../parse/prescan.ts';

const MAX_LINKS = 200;

export async function analyseEmail(ctx: AnalyserContext): Promise<void> {
  const limits = ctx.budget.limits;
  const pre = prescan(ctx.bytes, limits);
  if (pre.truncated) ctx.flag('parse_truncated');
  const email = await PostalMime.parse(pre.bytes, {
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: limits.maxMimeDepth + 4,
    maxHeadersSize: limits.maxHeaderBytes + limits.maxParts * 8192,
    maxRfc822NestingDepth: Math.min(limits.maxMimeDepth, 5),
  });
  const from = email.from?.address ?? null;
  const attachments = email.attachments.map((a) => a.filename ?? null);
  setScan(ctx.node, 'email', { subject: email.subject ?? null, from, message_id: email.messageId ?? null, attachments: attachments.slice(0, 100) });
  if (email.text) {
    ctx.text(email.text);
    for (const url of urlsInText(email.text, MAX_LINKS)) ctx.link(url, 'attachment');
  }
  const parts: { name: string | null; bytes: Uint8Array }[] = [];
  if (email.html) parts.push({ name: 'message.html', bytes: new Uint8Array(Buffer.from(email.html, 'utf8')) });
  for (const a of email.attachments) {
    const content = a.content;
    const bytes = typeof content === 'string' ? new Uint8Array(Buffer.from(content, 'utf8')) : new Uint8Array(content);
    parts.push({ name: a.filename ?? null, bytes });
  }
  for (const part of parts) {
    if (part.bytes.length === 0) continue;
    if (!ctx.budget.takeEntry()) {
      ctx.flag('entry_limit');
      break;
    }
    await ctx.child(part.name, part.bytes);
  }
}
