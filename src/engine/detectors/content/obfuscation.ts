import type { Finding } from '../../../core/verdict.ts';
import { finding } from './finding.ts';
import { foldText, quote } from './normalize.ts';
import type { TextView } from './text-view.ts';

/**
 * Invisible characters, or marks borrowed from other scripts, sitting between two Latin letters. Scripts that
 * need ZWJ/ZWNJ (Arabic, Persian, Indic) put them between their own letters, so they never match here.
 */
// eslint-disable-next-line no-misleading-character-class -- lone marks are listed on purpose: they are the evidence
const SPLIT_RE = /[A-Za-z][\u200B-\u200D\u2060-\u2064\uFEFF\u034F\u0591-\u05C7\u064B-\u065F\u0730-\u074A\u20D0-\u20FF]+(?=[A-Za-z])/g;

/** Letters of scripts whose look-alikes stand in for Latin ones, and letter-like symbols (ⅼ, ⅾ). */
const FOREIGN_LETTER_RE = /[\u0370-\u03FF\u0400-\u04FF\u0530-\u058F\u13A0-\u13FF\u2160-\u217F]/;
const WORD_RE = /[\p{L}\p{M}\u2160-\u217F]{3,}/gu;
const MAX_OBFUSCATION_CHARS = 6_000;

export function obfuscationFindings(view: TextView): Finding[] {
  const text = `${view.subjectRaw}\n${view.bodyRaw.slice(0, MAX_OBFUSCATION_CHARS)}`;
  return [...zeroWidth(text), ...mixedScript(text)];
}

function zeroWidth(text: string): Finding[] {
  const splits = text.match(SPLIT_RE)?.length ?? 0;
  if (splits < 3) return [];
  return [finding('ZERO_WIDTH_OBFUSCATION', splits >= 6 ? 1 : 0.7, `${splits} invisible characters inside words`)];
}

/**
 * A disguised word is one that folds to plain Latin although it was written with other scripts' letters.
 * Genuine Russian or Greek words fold to a mix; when they outnumber the disguised ones the text is simply
 * written in that language and is left alone.
 */
function mixedScript(text: string): Finding[] {
  if (!FOREIGN_LETTER_RE.test(text)) return [];
  const disguised = new Set<string>();
  let genuine = 0;
  for (const [word] of text.matchAll(WORD_RE)) {
    if (!FOREIGN_LETTER_RE.test(word)) continue;
    if (/^[a-z0-9']+$/.test(foldText(word))) disguised.add(word);
    else genuine++;
    if (disguised.size >= 10 || genuine >= 50) break;
  }
  if (disguised.size < 2 || genuine >= disguised.size) return [];
  const sample = [...disguised].slice(0, 3).map((w) => `"${quote(w, 20)}"`).join(', ');
  return [finding('MIXED_SCRIPT_WORDS', disguised.size >= 4 ? 1 : 0.7, `${disguised.size} disguised words such as ${sample}`)];
}
