import type { MessageModel } from '../../core/message.ts';

/**
 * The texts DLP reads: subject, the body (plain text, else the rendered HTML, so nothing is counted twice),
 * and the text the attachment analysis extracted from every file (PDF, Office, CSV, archive members).
 */
export function messageTexts(msg: MessageModel): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  if (msg.subject?.subject) out.push({ source: 'subject', text: msg.subject.subject });
  const body = msg.body.plain?.raw ?? msg.body.html?.display_text ?? msg.body.html?.inner_text ?? '';
  if (body) out.push({ source: 'body', text: body });
  for (const a of msg.attachments) {
    for (const node of a.explode ?? []) {
      const raw = (node.scan.strings as { raw?: string } | undefined)?.raw;
      if (raw) out.push({ source: `attachment:${node.file_name ?? a.file_name ?? 'unnamed'}`, text: raw });
    }
  }
  return out;
}
