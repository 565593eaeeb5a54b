import { RE2JS } from 're2js';

/** A tenant's own pattern: a regex (RE2 syntax, linear time), how many hits make an incident, optional keywords nearby. */
export interface TenantPattern {
  id: string;
  name: string;
  regex: string;
  /** Hits needed before it counts (default 1). */
  minCount?: number;
  /** When set, a hit counts only with one of these words within `proximity` characters. */
  keywords?: string[];
  proximity?: number;
}

/** A tenant's word list ("Project Falcon", "board minutes"): fires at `minCount` hits, optionally all within `proximity` characters. */
export interface TenantWordList {
  id: string;
  name: string;
  words: string[];
  minCount?: number;
  proximity?: number;
}

export interface TenantDlpRules {
  patterns?: TenantPattern[];
  wordLists?: TenantWordList[];
}

export interface CompiledTenantRules {
  patterns: { p: TenantPattern; re: RE2JS; keywords: RegExp | null }[];
  wordLists: { w: TenantWordList; re: RegExp }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordsRe = (words: string[]) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');

/** Compiles once per tenant; an invalid regex throws here (at configuration), never during a scan. */
export function compileTenantRules(rules: TenantDlpRules = {}): CompiledTenantRules {
  return {
    patterns: (rules.patterns ?? []).map((p) => ({ p, re: RE2JS.compile(p.regex), keywords: p.keywords?.length ? wordsRe(p.keywords) : null })),
    wordLists: (rules.wordLists ?? []).filter((w) => w.words.length > 0).map((w) => ({ w, re: wordsRe(w.words) })),
  };
}

/** Positions of every hit, at most `cap` (bounds the work on hostile text). */
export function patternHits(c: CompiledTenantRules['patterns'][number], text: string, cap: number): { start: number; end: number }[] {
  const hits: { start: number; end: number }[] = [];
  const m = c.re.matcher(text);
  while (hits.length < cap && m.find()) {
    const start = m.start();
    const end = m.end();
    if (end === start) continue;
    if (c.keywords) {
      const near = c.p.proximity ?? 50;
      c.keywords.lastIndex = 0;
      const window = text.slice(Math.max(0, start - near), Math.min(text.length, end + near));
      if (!c.keywords.test(window)) continue;
    }
    hits.push({ start, end });
  }
  return hits;
}

/** Word-list hits; with a proximity, the largest number of hits found inside any window of that size. */
export function wordListCount(c: CompiledTenantRules['wordLists'][number], text: string, cap: number): { count: number; words: string[] } {
  const pos: number[] = [];
  const words = new Set<string>();
  c.re.lastIndex = 0;
  for (let m = c.re.exec(text); m && pos.length < cap; m = c.re.exec(text)) {
    pos.push(m.index);
    words.add(m[0].toLowerCase());
  }
  if (!c.w.proximity) return { count: pos.length, words: [...words] };
  let best = 0;
  for (let i = 0, j = 0; j < pos.length; j++) {
    while (pos[j]! - pos[i]! > c.w.proximity) i++;
    best = Math.max(best, j - i + 1);
  }
  return { count: best, words: [...words] };
}
