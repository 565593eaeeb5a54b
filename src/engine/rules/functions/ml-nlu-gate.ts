/**
 * A literal gate for the NLU stand-in's phrase patterns. Most of its ~200 patterns cannot match a given text,
 * yet each one scanned the whole text to find that out. At build time each pattern gets the literals of which
 * every match must contain one (`requiredLiterals`); per text, one pass records which character triples
 * occur (hashed character triples), so most absent literals are refused by a bit lookup and the rest by `includes`. A pattern whose
 * literals are all absent is not run: it could not have matched, so scores and spans are unchanged.
 *
 * Case: with the `i` flag (and no `u`), an ASCII character only ever matches its two ASCII cases, so an ASCII
 * literal occurs lower-cased in the lower-cased text wherever the pattern matches it. Non-ASCII literals have no
 * such guarantee (σ matches ς), so a pattern with one is never gated.
 */
import { requiredLiterals } from '../regex-literal.ts';

/** Generous: a lexicon alternation lists dozens of words, and an absent one mostly costs one bit lookup. */
const MAX_LITERALS = 96;

/** Tests can switch the gate off to compare the results with every pattern run. */
export const nluGating = { enabled: true, skipped: 0 };

export interface GatedRegex {
  re: RegExp;
  /** Literals of which every match contains one (lower-cased when `re` ignores case); null: always run. */
  literals: readonly string[] | null;
}

export function gated(pattern: string, flags: string): GatedRegex {
  const re = new RegExp(pattern, flags);
  const lits = flags.includes('u') ? null : requiredLiterals(pattern, MAX_LITERALS);
  if (!lits || lits.some((l) => !/^[\x20-\x7e]+$/.test(l))) return { re, literals: null };
  return { re, literals: [...new Set(re.ignoreCase ? lits.map((l) => l.toLowerCase()) : lits)] };
}

/** 16-bit hash of three character codes. */
const trigram = (a: number, b: number, c: number) => Math.imul(Math.imul(Math.imul(a, 31) + b, 31) + c, 0x9e3779b1) >>> 16;

/** One text (already lower-cased for case-insensitive patterns) and a hashed set of its character triples. */
export class TextLiterals {
  private readonly triples = new Uint32Array(65536 / 32);

  constructor(readonly text: string) {
    for (let i = 2; i < text.length; i++) {
      const k = trigram(text.charCodeAt(i - 2), text.charCodeAt(i - 1), text.charCodeAt(i));
      this.triples[k >>> 5]! |= 1 << (k & 31);
    }
  }

  private hasTriple(s: string, i: number): boolean {
    const k = trigram(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2));
    return (this.triples[k >>> 5]! & (1 << (k & 31))) !== 0;
  }

  /** Whether `lit` (3 characters or more) occurs in the text; a missing triple refuses it without a scan. */
  contains(lit: string): boolean {
    const last = lit.length - 3;
    if (!this.hasTriple(lit, 0) || !this.hasTriple(lit, last) || !this.hasTriple(lit, last >> 1)) return false;
    return this.text.includes(lit);
  }

  /** False only when the pattern cannot match this text. */
  mayMatch(g: GatedRegex): boolean {
    if (!nluGating.enabled || g.literals === null) return true;
    for (const l of g.literals) if (this.contains(l)) return true;
    nluGating.skipped++;
    return false;
  }
}
