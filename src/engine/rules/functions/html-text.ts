/** An HTML document in the message model's `BodyHtml` shape, built with htmlparser2's DOM. */
import { parseDocument } from 'htmlparser2';
import type { BodyHtml } from '../../../core/message.ts';
import { textContent } from './html-dom.ts';

export function htmlView(raw: string): BodyHtml {
  const doc = parseDocument(raw);
  const text = textContent(doc);
  return { raw, display_text: text, inner_text: text };
}
