/**
 * RE2 syntax to JavaScript `u`-mode syntax: leading flag groups become flags, `(?P<n>` becomes `(?<n>`, RE2's
 * literal braces and punctuation escapes are re-escaped, POSIX classes and `\\p{Script}` are spelled the JS way,
 * and look-around or back-references (not RE2) are refused. Also notes nested unbounded quantifiers, which the
 * caller runs on the linear-time engine instead.
 */
export class RegexError extends Error {}

export interface Translation {
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

/**
 * `[:^name:]` inside a larger class, as ranges: every POSIX class is ASCII, so its complement is the ASCII
 * characters outside it plus everything from U+0080 up.
 */
const negatedPosix = new Map<string, string>();
function complementOf(name: string): string {
  let out = negatedPosix.get(name);
  if (out !== undefined) return out;
  const inSet = new RegExp(`[${POSIX[name]!}]`, 'u');
  const hex = (c: number) => `\\x${c.toString(16).padStart(2, '0')}`;
  out = '';
  for (let c = 0; c < 0x80; c++) {
    if (inSet.test(String.fromCharCode(c))) continue;
    let end = c;
    while (end + 1 < 0x80 && !inSet.test(String.fromCharCode(end + 1))) end++;
    out += end === c ? hex(c) : `${hex(c)}-${hex(end)}`;
    c = end;
  }
  out += '\\u{80}-\\u{10ffff}';
  negatedPosix.set(name, out);
  return out;
}

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
  // A class that is just `[[:^name:]]` (or `[^[:^name:]]`) becomes a JS negated class, not a list of ranges:
  // under the `iu` flags JS folds case into a listed range, so U+212A (Kelvin) and U+017F (long s) in a
  // complement would let `k` and `s` match it, where RE2 folds before negating and matches neither.
  const lone = /^\[(\^?)\[:\^([a-z]+):\]\]/.exec(p.slice(start, start + 16));
  if (lone && POSIX[lone[2]!]) return [`[${lone[1] ? '' : '^'}${POSIX[lone[2]!]}]`, lone[0].length];
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
      const base = neg ? name.slice(1) : name;
      if (end < 0 || !POSIX[base]) throw new RegexError(`unsupported class [:${name}:]`);
      out += neg ? complementOf(base) : POSIX[base];
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

