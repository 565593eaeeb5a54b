import { BUILTIN_PATTERNS } from './builtin-patterns.ts';
import { maskSecret } from './mask.ts';
import { patternHits, wordListCount, type CompiledTenantRules } from './tenant-rules.ts';

/** One kind of sensitive data found in one place, already masked. */
export interface DlpMatch {
  rule: string;
  /** What it is ("visa card", "DE IBAN", a tenant pattern's name). */
  label: string;
  /** Where: `subject`, `body`, or `attachment:<file name>`. */
  source: string;
  count: number;
  /** Masked examples (at most 3); never a full value. */
  samples: string[];
}

/** Hits per rule per text: bounds the work on a message stuffed with candidates. */
export const MAX_HITS_PER_RULE = 500;

/** Runs every built-in pattern and the tenant's rules over one text. Pure. */
export function scanText(text: string, source: string, tenant: CompiledTenantRules | null): DlpMatch[] {
  const out = new Map<string, DlpMatch>();
  const add = (rule: string, label: string, masked: string) => {
    const key = `${rule}\u0000${label}`;
    const m = out.get(key) ?? { rule, label, source, count: 0, samples: [] };
    m.count++;
    if (m.samples.length < 3 && !m.samples.includes(masked)) m.samples.push(masked);
    out.set(key, m);
  };
  for (const p of BUILTIN_PATTERNS) {
    p.re.lastIndex = 0;
    let candidates = 0;
    for (let m = p.re.exec(text); m && candidates < MAX_HITS_PER_RULE; m = p.re.exec(text)) {
      candidates++;
      const hit = p.check(m, text);
      if (hit) add(p.rule, hit.label, hit.masked);
    }
  }
  for (const c of tenant?.patterns ?? []) {
    const hits = patternHits(c, text, MAX_HITS_PER_RULE);
    if (hits.length >= (c.p.minCount ?? 1)) for (const h of hits) add('DLP_CUSTOM_PATTERN', c.p.name, maskSecret(text.slice(h.start, h.end), 0));
  }
  for (const c of tenant?.wordLists ?? []) {
    const { count, words } = wordListCount(c, text, MAX_HITS_PER_RULE);
    // Word-list terms are the tenant's own vocabulary, not secrets: the evidence names them.
    if (count >= (c.w.minCount ?? 1)) out.set(`wl\u0000${c.w.id}`, { rule: 'DLP_WORD_LIST', label: c.w.name, source, count, samples: words.slice(0, 3) });
  }
  return [...out.values()];
}
