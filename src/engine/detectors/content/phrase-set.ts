import { foldPattern } from './normalize.ts';

/** Phrase patterns per family: regex sources over folded text (lower case, no accents, single spaces). */
export type Lexicon<F extends string> = Record<F, readonly string[]>;

/** What one pass found: for each family, the distinct phrases matched (folded form), in order of appearance. */
export type PhraseHits<F extends string> = Map<F, string[]>;

/**
 * A compiled lexicon: every family becomes one named group of a single alternation, so one pass over the text
 * finds all families at once. That keeps the cost at one regex scan per text however many phrases we add.
 */
export interface PhraseSet<F extends string> {
  scan(text: string, options?: { maxHitsPerFamily?: number }): PhraseHits<F>;
}

/**
 * A match preceded closely by one of these is the sender warning *against* the lure ("we will never ask you
 * to verify your account"), which legitimate banks write in their footers.
 */
const NEGATION = /\b(?:never|niemals|nie|nunca|jamais|nooit|nunca|(?:will not|won't|do not|does not|don't) (?:ask|request|send|call))\b[^.!?\n]{0,40}$/;

export function compilePhraseSet<F extends string>(lexicon: Lexicon<F>): PhraseSet<F> {
  const families = Object.keys(lexicon) as F[];
  const groups = families.map((family, i) => `(?<g${i}>${lexicon[family].map(foldPattern).join('|')})`);
  const re = new RegExp(`\\b(?:${groups.join('|')})\\b`, 'g');
  // V8 compiles a regex on its first run, and a large alternation takes long enough (a few hundred ms on a
  // busy machine) to blow a detector's budget on the first message. Pay that once here, at load.
  for (let i = 0; i < 3; i++) re.test('warm up');
  re.lastIndex = 0;
  return {
    scan(text, options = {}) {
      const max = options.maxHitsPerFamily ?? 5;
      const hits: PhraseHits<F> = new Map();
      re.lastIndex = 0;
      // exec on the one compiled instance: matchAll would clone the regex and compile the clone again.
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) re.lastIndex++;
        const groupsFound = m.groups ?? {};
        const index = families.findIndex((_f, i) => groupsFound[`g${i}`] !== undefined);
        if (index < 0) continue;
        const family = families[index];
        const before = text.slice(Math.max(0, m.index - 60), m.index);
        if (NEGATION.test(before)) continue;
        const list = hits.get(family) ?? [];
        // "235 million euros" and "414 million euros" are one phrase said twice, not two phrases.
        const key = m[0].replace(/\d[\d.,]*/g, '#');
        if (list.length < max && !list.some((p) => p.replace(/\d[\d.,]*/g, '#') === key)) list.push(m[0]);
        hits.set(family, list);
      }
      return hits;
    },
  };
}

/** Confidence from the number of distinct phrases: one phrase is a hint, three make a pattern. */
export function hitConfidence(distinct: number): number {
  if (distinct >= 3) return 1;
  if (distinct === 2) return 0.8;
  return distinct === 1 ? 0.65 : 0;
}
