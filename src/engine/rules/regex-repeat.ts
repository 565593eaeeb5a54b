/**
 * A necessary condition for patterns built around a repeated group, such as Sublime's padding and stuffing
 * checks `(?:<br\s*>\s*){30,}`: every match holds at least `times` consecutive, non-overlapping copies
 * of the group, each of which contains the group's required literal, so the input must contain `times`
 * non-overlapping occurrences of that literal. Such patterns have a quantifier inside a repeated group and run
 * on the slow linear-time engine; counting a literal first spares it most inputs (HTML with a few `<br>`).
 */
import { requiredLiteral } from './regex-literal.ts';

export interface RequiredRepeat {
  /** Written as in the pattern (escapes resolved); compare case-insensitively when the pattern ignores case. */
  literal: string;
  times: number;
}

/**
 * The top-level group repeated `{n,}`, `{n,m}` or `{n}` times (n ≥ 2) with the largest n whose body has a
 * required literal, or null. A top-level alternation means no such condition holds for every match.
 */
export function requiredRepeat(pattern: string): RequiredRepeat | null {
  const body = pattern.replace(/^\(\?[imsU]+\)/, '');
  let best: RequiredRepeat | null = null;
  let depth = 0;
  let groupStart = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      // A class: skip to its end (a `]` first in the class is a literal one).
      i++;
      if (body[i] === '^') i++;
      if (body[i] === ']') i++;
      for (; i < body.length && body[i] !== ']'; i++) if (body[i] === '\\') i++;
    } else if (c === '|' && depth === 0) {
      return null;
    } else if (c === '(') {
      if (depth++ === 0) groupStart = i;
    } else if (c === ')' && --depth === 0) {
      const times = /^\{(\d+)(?:,\d*)?\}/.exec(body.slice(i + 1));
      const n = times ? Number(times[1]) : 0;
      if (n < 2 || (best && best.times >= n)) continue;
      const inner = body.slice(groupStart + 1, i).replace(/^\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>)/, '');
      // Look-arounds and inline flags (`(?=`, `(?i:`) are not plain groups.
      if (inner.startsWith('?')) continue;
      const literal = requiredLiteral(inner);
      if (literal) best = { literal, times: n };
    }
  }
  return best;
}

/** Whether `s` holds `times` non-overlapping occurrences of what `literal` (a global RegExp) matches. */
export function hasRepeats(s: string, literal: RegExp, times: number): boolean {
  literal.lastIndex = 0;
  let n = 0;
  while (literal.test(s)) {
    if (++n >= times) return true;
  }
  return false;
}
