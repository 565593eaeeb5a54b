import type { MessageModel } from '../../../core/message.ts';
import { foldText } from './normalize.ts';

/**
 * Lures sit near the top of a message; reading further costs time and mostly adds quoted footers and legal
 * text. Both content and bulk detectors read the same capped, folded view.
 */
export const MAX_SCAN_CHARS = 20_000;

/** Raw HTML read by the markup checks (forms, styles, images): tricks sit near the top, megabytes are padding. */
export const MAX_HTML_CHARS = 500_000;

/** The text of a message as the detectors match it. */
export interface TextView {
  /** The subject as sent. */
  subjectRaw: string;
  /** The newest part of the body as sent (current thread, else rendered HTML, else plain text), capped. */
  bodyRaw: string;
  /** Folded subject (see foldText). */
  subject: string;
  /** Folded body. */
  body: string;
  /** Folded subject and body, separated by a line break so phrases never straddle them. */
  all: string;
}

const cache = new WeakMap<MessageModel, TextView>();

/** Builds (once per message) the text view. */
export function textView(msg: MessageModel): TextView {
  const hit = cache.get(msg);
  if (hit) return hit;
  const subjectRaw = msg.subject?.subject ?? '';
  const bodyRaw = pickBody(msg).slice(0, MAX_SCAN_CHARS);
  const subject = foldText(subjectRaw, 2_000);
  const body = foldText(bodyRaw);
  const view: TextView = { subjectRaw, bodyRaw, subject, body, all: `${subject}\n${body}` };
  cache.set(msg, view);
  return view;
}

/**
 * A reply is judged by what its sender wrote now, not by the history it quotes. Anything else is read whole:
 * thread splitting cuts at separator lines (`-----`, `____`), and spam puts its payload right after one.
 */
function pickBody(msg: MessageModel): string {
  const thread = msg.body?.current_thread?.text ?? '';
  const isReply = msg.subject?.is_reply === true || Boolean(msg.headers?.in_reply_to);
  if (isReply && thread.trim().length > 0) return thread;
  const html = msg.body?.html?.display_text ?? '';
  if (html.trim().length > 0) return html;
  const plain = msg.body?.plain?.raw ?? '';
  return plain.trim().length > 0 ? plain : thread;
}
