import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { finding, phraseEvidence } from './finding.ts';
import { foldText } from './normalize.ts';
import { CONTENT_PHRASES, type ContentFamily, type ContentHits } from './phrases.ts';
import { MAX_HTML_CHARS, MAX_SCAN_CHARS } from './text-view.ts';

/** Families worth hiding: a lure tucked where only a filter reads it. */
const LURE_FAMILIES: readonly ContentFamily[] = ['credential', 'accountThreat', 'wallet', 'paymentChange', 'giftCard', 'extortion', 'delivery'];

/** `font-size:0` or `1px` in a style; what matters is whether the element's own text follows directly. */
const TINY_FONT_RE = /font-size\s*:\s*[01](?:\.\d+)?(?:px|pt)?\s*[;"']/gi;
const MAX_TINY_FONT_MATCHES = 200;

/**
 * Compares the rendered text with every text node. What is present but not rendered (display:none, hidden,
 * zero-size) is either harmless preheader padding or salting and hidden lures; size and content tell them apart.
 * `shown` is what the main pass found in the text the reader sees.
 */
export function hiddenTextFindings(msg: MessageModel, shown: ContentHits): Finding[] {
  const html = msg.body?.html;
  if (!html) return [];
  const out: Finding[] = [];
  const innerRaw = html.inner_text ?? '';
  const hiddenRaw = innerRaw.length - (html.display_text ?? '').length;
  // Only fold and scan the full text when something of size is hidden: most mail hides a preheader at most.
  if (hiddenRaw > 20) {
    const inner = foldText(innerRaw, MAX_SCAN_CHARS);
    const all = CONTENT_PHRASES.scan(inner);
    const onlyHidden = LURE_FAMILIES.flatMap((f) => (all.get(f) ?? []).filter((p) => !(shown.get(f) ?? []).includes(p)));
    // A reply's main pass read only the newest text, so quoted history would look hidden: skip the comparison.
    const isReply = msg.subject?.is_reply === true || Boolean(msg.headers?.in_reply_to);
    if (onlyHidden.length > 0 && !isReply) out.push(finding('HIDDEN_LURE_TEXT', onlyHidden.length >= 2 ? 1 : 0.8, `hidden text ${phraseEvidence(onlyHidden)}`));
    if (hiddenRaw > 500 && hiddenRaw / innerRaw.length > 0.5) {
      out.push(finding('HIDDEN_TEXT_SALTING', 1, `${Math.round((hiddenRaw / innerRaw.length) * 100)}% of ${innerRaw.length} characters hidden`));
    }
  }
  const raw = html.raw?.slice(0, MAX_HTML_CHARS) ?? null;
  out.push(...tinyFont(raw), ...offscreen(raw));
  return out;
}

/**
 * Layout templates put `font-size:0` on containers to kill whitespace between cells; those hold tags, not
 * text. Only text written straight inside the tiny-font element counts. Linear: each match looks ahead once.
 */
function tinyFont(raw: string | null): Finding[] {
  if (!raw || !/font-size\s*:\s*[01]/i.test(raw)) return [];
  let letters = 0;
  let matches = 0;
  for (const m of raw.matchAll(TINY_FONT_RE)) {
    if (++matches > MAX_TINY_FONT_MATCHES || letters >= 200) break;
    const end = raw.indexOf('>', m.index);
    if (end < 0 || raw.lastIndexOf('<', m.index) < raw.lastIndexOf('>', m.index)) continue;
    const next = raw.indexOf('<', end + 1);
    const own = raw.slice(end + 1, next < 0 ? end + 501 : Math.min(next, end + 501));
    letters += own.replace(/&[a-z#0-9]+;|[^\p{L}\p{N}]/giu, '').length;
  }
  if (letters < 20) return [];
  return [finding('TINY_FONT_TEXT', letters >= 100 ? 1 : 0.7, `${letters} characters in zero or one-pixel fonts`)];
}

/** Pushing text 10,000+ pixels away (`margin-top: 470500px`, `height: 10000vh`) hides it as surely as display:none. */
const OFFSCREEN_RE = /(?:margin(?:-top|-left)?|padding(?:-top)?|top|left|height|text-indent)\s*:\s*-?\d{5,}(?:\.\d+)?\s*(?:px|vh|vw|em|pt)/i;

function offscreen(raw: string | null): Finding[] {
  const hit = raw ? OFFSCREEN_RE.exec(raw) : null;
  return hit ? [finding('OFFSCREEN_TEXT', 1, `style pushes content off screen: ${hit[0].slice(0, 40)}`)] : [];
}
