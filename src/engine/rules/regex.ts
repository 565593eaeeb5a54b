/**
 * RE2 patterns on a JavaScript engine. Sublime's rules are written for RE2 (linear time, no look-around, no
 * back-references). We translate each pattern once to a JS RegExp (always with the `u` flag so `\p{…}` works;
 * leading `(?i)`/`(?s)` become flags; `(?P<n>` becomes `(?<n>`; RE2's literal `{` and identity escapes are
 * re-escaped for `u` mode). JavaScript backtracks, so a pattern with a nested unbounded quantifier (`(a+)+`,
 * `(?:\s*\w+)*`) runs on re2js, a linear-time port of RE2, instead; and every call sees at most
 * `MAX_REGEX_INPUT` characters, which bounds the polynomial cases left on the fast path.
 */
import { RE2JS } from 're2js';
import { requiredLiteral, requiredLiterals } from './regex-literal.ts';
import { RegexError, translate } from './re2-translate.ts';
import { hasRepeats, requiredRepeat } from './regex-repeat.ts';

export { RegexError, translate, requiredLiteral, requiredLiterals };

/** Characters of input one regex call looks at: the first 200 000 (bodies are capped far above this). */
export const MAX_REGEX_INPUT = 200_000;

export interface RegexMatch {
  full_match: string;
  groups: (string | null)[];
  named_groups: Record<string, string | null>;
}

/** A compiled pattern. `contains` finds it anywhere; `matches` needs the whole input to match. */
export interface CompiledRegex {
  readonly engine: 'js' | 're2js';
  /**
   * Lower-cased ASCII literals of which every match contains one, when known: callers holding a lower-cased
   * copy of a long input can rule a match out with `includes` before running the pattern.
   */
  readonly literals: string[] | null;
  contains(s: string): boolean;
  matches(s: string): boolean;
  /** Non-overlapping matches, at most `limit`. */
  extract(s: string, limit?: number): RegexMatch[];
}

/** Counts work done by the regex layer, so tests can prove the input cap without timing anything. */
export const regexWork = { calls: 0, charsScanned: 0 };

// Keyed by the pattern string itself (not a concatenation): rule literals are the same string objects on
// every call, so the lookup reuses their cached hash instead of hashing a new key each time.
const caseSensitive = new Map<string, CompiledRegex>();
const caseInsensitive = new Map<string, CompiledRegex>();

export function compileRegex(pattern: string, ignoreCase: boolean): CompiledRegex {
  const cache = ignoreCase ? caseInsensitive : caseSensitive;
  let re = cache.get(pattern);
  if (!re) {
    re = build(pattern, ignoreCase);
    if (cache.size > 20_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

function cap(s: string): string {
  regexWork.calls++;
  const t = s.length > MAX_REGEX_INPUT ? s.slice(0, MAX_REGEX_INPUT) : s;
  regexWork.charsScanned += t.length;
  return t;
}

function build(pattern: string, ignoreCase: boolean): CompiledRegex {
  const t = translate(pattern);
  const flags = new Set(t.flags);
  if (ignoreCase) flags.add('i');
  const lits = requiredLiterals(pattern);
  const literals = lits && lits.every((l) => /^[\x20-\x7e]+$/.test(l)) ? lits.map((l) => l.toLowerCase()) : null;
  if (t.nestedUnbounded) return { ...buildRe2(pattern, flags), literals };
  const f = [...flags].join('') + 'u';
  let find: RegExp, whole: RegExp, all: RegExp;
  try {
    find = new RegExp(t.source, f);
    whole = new RegExp(`^(?:${t.source})$`, f);
    all = new RegExp(t.source, f + 'g');
  } catch (e) {
    throw new RegexError(`invalid pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  return {
    engine: 'js',
    literals,
    contains: (s) => find.test(cap(s)),
    matches: (s) => whole.test(cap(s)),
    extract(s, limit = 1000) {
      const out: RegexMatch[] = [];
      all.lastIndex = 0;
      for (const m of cap(s).matchAll(all)) {
        out.push({
          full_match: m[0],
          groups: m.slice(1).map((g) => g ?? null),
          named_groups: m.groups ? Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? null])) : {},
        });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}

function buildRe2(pattern: string, flags: Set<string>): Omit<CompiledRegex, 'literals'> {
  let bits = 0;
  if (flags.has('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.has('s')) bits |= RE2JS.DOTALL;
  if (flags.has('m')) bits |= RE2JS.MULTILINE;
  let p: RE2JS;
  try {
    p = RE2JS.compile(pattern, bits);
  } catch (e) {
    throw new RegexError(`invalid pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const names = Object.entries(p.namedGroups() as Record<string, number>);
  // re2js is ~100x slower than V8's engine: first look for a literal every match must contain (RE2's own
  // prefilter idea), with a JS RegExp, and skip the linear-time engine when it is absent.
  const literal = requiredLiteral(pattern);
  const escape = (l: string) => l.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const pre = literal ? new RegExp(escape(literal), flags.has('i') ? 'iu' : 'u') : null;
  // A repeated group's literal must occur as many times as the group repeats (./regex-repeat.ts).
  const repeat = requiredRepeat(pattern);
  const repeated = repeat ? new RegExp(escape(repeat.literal), flags.has('i') ? 'giu' : 'gu') : null;
  const maybe = (s: string): boolean => {
    const t = s.length > MAX_REGEX_INPUT ? s.slice(0, MAX_REGEX_INPUT) : s;
    return (pre === null || pre.test(t)) && (repeated === null || hasRepeats(t, repeated, repeat!.times));
  };
  return {
    engine: 're2js',
    contains: (s) => maybe(s) && p.matcher(cap(s)).find(),
    matches: (s) => maybe(s) && p.matcher(cap(s)).matches(),
    extract(s, limit = 1000) {
      if (!maybe(s)) return [];
      const m = p.matcher(cap(s));
      const out: RegexMatch[] = [];
      while (out.length < limit && m.find()) {
        const groups: (string | null)[] = [];
        for (let g = 1; g <= m.groupCount(); g++) groups.push(m.group(g) ?? null);
        out.push({
          full_match: m.group(0) ?? '',
          groups,
          named_groups: Object.fromEntries(names.map(([n, i]) => [n, m.group(i) ?? null])),
        });
      }
      return out;
    },
  };
}
