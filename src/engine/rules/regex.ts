/**
 * RE2 patterns on a JavaScript engine. Sublime's rules are written for RE2 (linear time, no look-around, no
 * back-references). We translate each pattern once to a JS RegExp (always with the `u` flag so `\p{…}` works;
 * leading `(?i)`/`(?s)` become flags; `(?P<n>` becomes `(?<n>`; RE2's literal `{` and identity escapes are
 * re-escaped for `u` mode). JavaScript backtracks, so a pattern with a nested unbounded quantifier (`(a+)+`,
 * `(?:\s*\w+)*`) runs on re2js, a linear-time port of RE2, instead; and every call sees at most
 * `MAX_REGEX_INPUT` characters, which bounds the polynomial cases left on the fast path.
 */
import { RE2JS } from 're2js';

/** Characters of input one regex call looks at: the first 200 000 (bodies are capped far above this). */
export const MAX_REGEX_INPUT = 200_000;

export class RegexError extends Error {}

export interface RegexMatch {
  full_match: string;
  groups: (string | null)[];
  named_groups: Record<string, string | null>;
}

/** A compiled pattern. `contains` finds it anywhere; `matches` needs the whole input to match. */
export interface CompiledRegex {
  readonly engine: 'js' | 're2js';
  /**
   * Lower-cased ASCII text every match contains, when there is one: callers holding a lower-cased copy of a
   * long input can rule a match out with `includes` before running the pattern.
   */
  readonly literal: string | null;
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
  const lit = requiredLiteral(pattern);
  const literal = lit && /^[\x20-\x7e]+$/.test(lit) ? lit.toLowerCase() : null;
  if (t.nestedUnbounded) return { ...buildRe2(pattern, flags), literal };
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
    literal,
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

function buildRe2(pattern: string, flags: Set<string>): Omit<CompiledRegex, 'literal'> {
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
  const pre = literal ? new RegExp(literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), flags.has('i') ? 'iu' : 'u') : null;
  const maybe = (s: string): boolean => pre === null || pre.test(s.length > MAX_REGEX_INPUT ? s.slice(0, MAX_REGEX_INPUT) : s);
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

interface Translation {
  source: string;
  flags: string[];
  nestedUnbounded: boolean;
}

const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const POSIX: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\t\\n\\v\\f\\r ',
  xdigit: '0-9A-Fa-f', word: '\\w', punct: '!-\\/:-@\\[-`{-~', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~', ascii: '\\x00-\\x7f',
};
const NEGATED_POSIX: Record<string, string> = { ascii: '\\u{80}-\\u{10ffff}' };

/** Rewrites RE2 syntax to JS `u`-mode syntax and notes whether the pattern nests unbounded quantifiers. */
export function translate(pattern: string): Translation {
  const flags: string[] = [];
  let i = 0;
  // Leading flag groups: (?i) (?s) (?is) (?m)...
  for (let m = /^\(\?([imsU]+)\)/.exec(pattern); m; m = /^\(\?([imsU]+)\)/.exec(pattern.slice(i))) {
    if (m[1]!.includes('U')) throw new RegexError('ungreedy flag (?U) is not supported');
    flags.push(...m[1]!);
    i += m[0].length;
  }
  let out = '';
  // Per open group: does it contain an unbounded quantifier?
  const groups: boolean[] = [];
  let lastAtomUnbounded = false;
  let nestedUnbounded = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const [text, len] = translateEscape(pattern, i, false);
      out += text;
      i += len;
      lastAtomUnbounded = false;
      continue;
    }
    if (c === '[') {
      const [text, len] = translateClass(pattern, i);
      out += text;
      i += len;
      lastAtomUnbounded = false;
      continue;
    }
    if (c === '(') {
      if (pattern.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
      } else if (/^\(\?(?:=|!|<=|<!)/.test(pattern.slice(i, i + 4))) {
        throw new RegexError('look-around is not RE2 syntax');
      } else if (/^\(\?[imsU-]+[:)]/.test(pattern.slice(i, i + 8))) {
        throw new RegexError('inline flags inside a pattern are not supported');
      } else {
        out += '(';
        i++;
      }
      groups.push(false);
      lastAtomUnbounded = false;
      continue;
    }
    if (c === ')') {
      const inner = groups.pop() ?? false;
      out += ')';
      i++;
      lastAtomUnbounded = inner;
      if (inner && groups.length) groups[groups.length - 1] = true;
      continue;
    }
    if (c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(pattern.slice(i)))) {
      if (lastAtomUnbounded) nestedUnbounded = true;
      if (groups.length) groups[groups.length - 1] = true;
      const len = c === '{' ? pattern.indexOf('}', i) - i + 1 : 1;
      out += pattern.slice(i, i + len);
      i += len;
      lastAtomUnbounded = false;
      continue;
    }
    if (c === '{') {
      const q = /^\{\d+(?:,\d+)?\}/.exec(pattern.slice(i));
      if (q) {
        // A large bounded repeat of a group holding an unbounded quantifier backtracks like an unbounded one;
        // a small one (`(\w+\s+){0,3}`) stays polynomial in the capped input.
        const max = Number(/(\d+)\}$/.exec(q[0])![1]);
        if (lastAtomUnbounded && max > 5) nestedUnbounded = true;
        out += q[0];
        i += q[0].length;
      } else {
        out += '\\{';
        i++;
      }
      lastAtomUnbounded = false;
      continue;
    }
    if (c === '}' || c === ']') {
      out += '\\' + c;
      i++;
      continue;
    }
    if (c !== '?') lastAtomUnbounded = false;
    // RE2 lets an assertion be quantified (`$?`); JS wants it grouped first.
    if ((c === '$' || c === '^') && /[?*+{]/.test(pattern[i + 1] ?? '')) {
      out += `(?:${c})`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return { source: out, flags, nestedUnbounded };
}

function translateEscape(p: string, i: number, inClass: boolean): [string, number] {
  const n = p[i + 1];
  if (n === undefined) throw new RegexError('trailing backslash');
  if (n === 'x' && p[i + 2] === '{') {
    const close = p.indexOf('}', i);
    return [`\\u{${p.slice(i + 3, close)}}`, close - i + 1];
  }
  if (n === 'p' || n === 'P') {
    if (p[i + 2] !== '{') return [`\\${n}{${p[i + 2]}}`, 3];
    const close = p.indexOf('}', i);
    let name = p.slice(i + 3, close);
    const negated = name.startsWith('^');
    if (negated) name = name.slice(1);
    // RE2 knows general categories (`L`, `Lu`) and scripts (`Cyrillic`); JS spells scripts `Script=…`.
    const prop = /^[A-Z][a-z]?$/.test(name) || name === 'Any' ? name : `Script=${name}`;
    return [`\\${negated === (n === 'P') ? 'p' : 'P'}{${prop}}`, close - i + 1];
  }
  if (n === 'Q') {
    const end = p.indexOf('\\E', i + 2);
    const lit = p.slice(i + 2, end < 0 ? p.length : end);
    return [lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), (end < 0 ? p.length : end + 2) - i];
  }
  if (!inClass && n === 'A') return ['^', 2];
  if (!inClass && n === 'z') return ['$(?![\\s\\S])', 2];
  if (/[1-9]/.test(n)) throw new RegexError('back-references are not RE2 syntax');
  if (/[A-Za-z0-9]/.test(n)) return ['\\' + n, 2];
  // RE2 lets any punctuation be escaped; `u` mode only accepts syntax characters (and `-` in a class).
  if (SYNTAX.has(n) || (inClass && n === '-')) return ['\\' + n, 2];
  return [n, 2];
}

function translateClass(p: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  if (p[i] === ']') {
    out += '\\]';
    i++;
  }
  let prevWasClassEscape = false;
  while (i < p.length && p[i] !== ']') {
    const c = p[i]!;
    if (c === '[' && p[i + 1] === ':') {
      const end = p.indexOf(':]', i);
      const name = p.slice(i + 2, end);
      const neg = name.startsWith('^');
      const set = neg ? NEGATED_POSIX[name.slice(1)] : POSIX[name];
      if (end < 0 || !set) throw new RegexError(`unsupported class [:${name}:]`);
      out += set;
      i = end + 2;
      prevWasClassEscape = true;
      continue;
    }
    if (c === '\\') {
      const [text, len] = translateEscape(p, i, true);
      out += text;
      prevWasClassEscape = /^\\[dDwWsSpP]/.test(text);
      i += len;
      continue;
    }
    if (c === '-' && (prevWasClassEscape || /^\\[dDwWsSpP]/.test(p.slice(i + 1, i + 3)) || p[i + 1] === ']')) {
      out += '\\-';
    } else if (c === '[' || c === '/') out += '\\' + c;
    else out += c;
    prevWasClassEscape = false;
    i++;
  }
  if (i >= p.length) throw new RegexError('unterminated character class');
  return [out + ']', i - start + 1];
}

/**
 * The longest run of literal characters (3 or more) that every match must contain, or null. Only the top level
 * is read: groups, classes and escapes other than escaped punctuation end a run, an optional character is
 * dropped from it, and a top-level alternation means there is no such literal.
 */
export function requiredLiteral(pattern: string): string | null {
  let i = /^\(\?[imsU]+\)/.exec(pattern)?.[0].length ?? 0;
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '|') return null;
    if (c === '(' || c === '[') {
      end();
      const start = i;
      // Skip the whole group or class; a group may hold an alternation, but that is not top level.
      let depth = 0;
      for (; i < pattern.length; i++) {
        const d = pattern[i]!;
        if (d === '\\') i++;
        else if (c === '[' && d === ']' && depth === 0 && i > start + 1) break;
        else if (c === '(' && d === '(') depth++;
        else if (c === '(' && d === ')' && --depth === 0) break;
      }
      i++;
      // A group that must match at least once holds a literal every match contains too.
      const q = pattern[i] ?? '';
      if (c === '(' && q !== '?' && q !== '*' && !/^\{0[,}]/.test(pattern.slice(i))) {
        const inner = pattern.slice(start + 1, i - 1).replace(/^\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>)/, '');
        if (!inner.startsWith('?')) {
          const lit = requiredLiteral(inner);
          if (lit && lit.length > best.length) best = lit;
        }
      }
      continue;
    }
    if (c === '{') {
      end();
      const close = pattern.indexOf('}', i);
      i = close < 0 ? pattern.length : close + 1;
      continue;
    }
    let ch: string | null = null;
    let len = 1;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      len = 2;
      if (/[^A-Za-z0-9]/.test(n)) ch = n;
    } else if (!'.^$*+?{}'.includes(c)) ch = c;
    const q = pattern[i + len] ?? '';
    if (ch === null) end();
    else if (q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(pattern.slice(i + len)))) end();
    else {
      run += ch;
      if (q === '+' || q === '{') end();
    }
    i += len;
  }
  end();
  return best.length >= 3 ? best : null;
}
