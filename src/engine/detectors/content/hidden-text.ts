import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { finding, phraseEvidence } from './finding.ts';
import { foldText } from './normalize.ts';
import { CONTENT_PHRASES, type ContentFamily } from './phrases.ts';
import { MAX_SCAN_CHARS } from './text-view.ts';

/** Families worth hiding: a lure tucked where only a filter reads it. */
const LURE_FAMILIES: readonly ContentFamily[] = ['credential', 'accountThreat', 'wallet', 'paymentChange', 'giftCard', 'extortion', 'delivery'];

/** `font-size:0` or `1px` in a style; what matters is whether the element's own text follows directly. */
const TINY_FONT_RE = /font-size\s*:\s*[01](?:\.\d+)?(?:px|pt)?\s*[;"']/gi;
const MAX_TINY_FONT_MATCHES = 200;

/**
 * Compares the rendered text with every text node. What is present but not rendered (display:none, hidden,
 * zero-size) is either harmless preheader padding or salting and hidden lures; size and content tell them apart.
 */
export function hiddenTextFindings(msg: MessageModel): Finding[] {
  const html = msg.body?.html;
  if (!html) return [];
  const out: Finding[] = [];
  const inner = html.inner_text ? foldText(html.inner_text, MAX_SCAN_CHARS) : '';
  const display = html.display_text ? foldText(html.display_text, MAX_SCAN_CHARS) : '';
  const hidden = inner.length - display.length;
  if (hidden > 20 && inner.length > 0) {
    const shown = CONTENT_PHRASES.scan(display);
    const all = CONTENT_PHRASES.scan(inner);
    const onlyHidden = LURE_FAMILIES.flatMap((f) => (all.get(f) ?? []).filter((p) => !(shown.get(f) ?? []).includes(p)));
    if (onlyHidden.length > 0) out.push(finding('HIDDEN_LURE_TEXT', onlyHidden.length >= 2 ? 1 : 0.8, `hidden text ${phraseEvidence(onlyHidden)}`));
    if (hidden > 500 && hidden / inner.length > 0.5) {
      out.push(finding('HIDDEN_TEXT_SALTING', 1, `${Math.round((hidden / inner.length) * 100)}% of ${inner.length} characters hidden`));
    }
  }
  out.push(...tinyFont(html.raw), ...offscreen(html.raw));
  return out;
}

/** Pushing text 10,000+ pixels away (`margin-top: 470500px`, `height: 10000vh`) hides it as surely as display:none. */
const OFFSCREEN_RE = /(?:margin(?:-top|-left)?|padding(?:-top)?|top|left|height|text-indent)\s*:\s*-?\d{5,}(?:\.\d+)?\s*(?:px|vh|vw|em|pt)/i;

function offscreen(raw: string | null): Finding[] {
  const hit = raw ? OFFSCREEN_RE.exec(raw.slice(0, 200_000)) : null;
  return hit ? [finding('OFFSCREEN_TEXT', 1, `style pushes content off screen: ${hit[0].slice(0, 40)}`)] : [];
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
