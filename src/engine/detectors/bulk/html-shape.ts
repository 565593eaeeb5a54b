import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { MAX_HTML_CHARS } from '../content/text-view.ts';
import { finding } from './finding.ts';

const IMG_RE = /<img\b/gi;
const MAX_IMG_COUNT = 50;

/** Shape of the HTML body: image-only mail hides its words from filters; base64-only HTML hides them from us. */
export function htmlShapeFindings(msg: MessageModel): Finding[] {
  const html = msg.body?.html;
  if (!html?.raw) return [];
  const out: Finding[] = [];
  let images = 0;
  for (const _ of html.raw.slice(0, MAX_HTML_CHARS).matchAll(IMG_RE)) if (++images >= MAX_IMG_COUNT) break;
  // The text lengths matter only beside an image: most mail has none, and a body can be megabytes long.
  if (images > 0) {
    const shown = textLength(html.display_text ?? '');
    if (shown < 150 && textLength(msg.body?.plain?.raw ?? '') < 150) out.push(finding('HTML_MOSTLY_IMAGE', 1, `${images} image(s) and ${shown} characters of text`));
  }
  if (!msg.body?.plain && isBase64Html(msg)) out.push(finding('HTML_ONLY_BASE64', 1, 'text/html in base64 and no text/plain part'));
  return out;
}

/** Characters of text once runs of blank space count as one and the ends are trimmed. */
function textLength(text: string): number {
  return text.replace(/\s+/g, ' ').trim().length;
}

/** The top-level part is HTML in base64: only visible for single-part messages, which is where spam kits use it. */
function isBase64Html(msg: MessageModel): boolean {
  const fields = msg.headers?.fields ?? [];
  const type = fields.find((f) => f.name.toLowerCase() === 'content-type')?.value ?? '';
  const encoding = fields.find((f) => f.name.toLowerCase() === 'content-transfer-encoding')?.value ?? '';
  return /text\/html/i.test(type) && /base64/i.test(encoding);
}
