/**
 * Parser for the XPath 1.0 subset that rules use with `html.xpath`: absolute and relative location paths
 * with `/` and `//`, axes (`parent::`, `ancestor::`, `following-sibling::`, …), name tests, `*`, `@attr`,
 * `text()`, `comment()`, `.`, predicates with positions, `and`/`or`, `|`, `=`/`!=`/`<`/`>`/`<=`/`>=`, and the
 * functions contains, starts-with, normalize-space, count, local-name, not, string-length, number, string,
 * translate, position, last. Anything else is an `XPathUnsupported` error: the rule is unsupported, not wrong.
 */
export class XPathUnsupported extends Error {}

export type NodeTest =
  | { t: 'name'; name: string }
  | { t: 'any' }
  | { t: 'attr'; name: string | null }
  | { t: 'text' }
  | { t: 'comment' }
  | { t: 'self' };

export type Axis =
  | 'child' | 'descendant' | 'descendant-or-self' | 'parent' | 'ancestor' | 'ancestor-or-self'
  | 'following-sibling' | 'preceding-sibling' | 'following' | 'preceding' | 'self' | 'attribute';
const AXES = new Set<string>([
  'child', 'descendant', 'descendant-or-self', 'parent', 'ancestor', 'ancestor-or-self', 'following-sibling', 'preceding-sibling',
  'following', 'preceding', 'self', 'attribute',
]);

export interface Step {
  /** `//` before the step: the axis applies from every descendant-or-self of the context. */
  descendant: boolean;
  axis: Axis;
  test: NodeTest;
  preds: XExpr[];
}

export type XExpr =
  | { k: 'path'; absolute: boolean; steps: Step[] }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'fn'; name: string; args: XExpr[] }
  | { k: 'bin'; op: 'and' | 'or' | '|' | '=' | '!=' | '<' | '>' | '<=' | '>='; l: XExpr; r: XExpr };

const TOKEN = /\s*(\/\/|\/|\[|\]|\(|\)|@|,|::|!=|<=|>=|=|<|>|\||\.\.|\.|\*|"[^"]*"|'[^']*'|\d+(?:\.\d+)?|[A-Za-z_][\w.-]*)/y;
const FUNCTIONS = new Set([
  'contains', 'starts-with', 'normalize-space', 'count', 'local-name', 'name', 'not', 'string-length', 'number', 'string',
  'translate', 'position', 'last',
]);

export function parseXPath(src: string): XExpr {
  const toks: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) {
      if (!src.slice(at).trim()) break;
      throw new XPathUnsupported(`xpath syntax at ${JSON.stringify(src.slice(at, at + 10))}`);
    }
    toks.push(m[1]!);
  }
  let i = 0;
  const peek = () => toks[i];
  const take = (want?: string): string => {
    const t = toks[i++];
    if (t === undefined || (want !== undefined && t !== want)) throw new XPathUnsupported(`xpath: expected ${want ?? 'more'}`);
    return t;
  };

  const parseUnion = (): XExpr => {
    let l = parseOr();
    while (peek() === '|') {
      take();
      l = { k: 'bin', op: '|', l, r: parseOr() };
    }
    return l;
  };
  const parseOr = (): XExpr => {
    let l = parseAnd();
    while (peek() === 'or') {
      take();
      l = { k: 'bin', op: 'or', l, r: parseAnd() };
    }
    return l;
  };
  const parseAnd = (): XExpr => {
    let l = parseEq();
    while (peek() === 'and') {
      take();
      l = { k: 'bin', op: 'and', l, r: parseEq() };
    }
    return l;
  };
  const parseEq = (): XExpr => {
    const l = parsePrimary();
    const op = peek();
    if (op === '=' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=') {
      take();
      return { k: 'bin', op, l, r: parsePrimary() };
    }
    return l;
  };
  const parsePrimary = (): XExpr => {
    const t = peek();
    if (t === undefined) throw new XPathUnsupported('xpath: unexpected end');
    if (t.startsWith('"') || t.startsWith("'")) return (take(), { k: 'str', v: t.slice(1, -1) });
    if (/^\d/.test(t)) return (take(), { k: 'num', v: Number(t) });
    if (t === '(') {
      take();
      const e = parseUnion();
      take(')');
      return e;
    }
    if (/^[A-Za-z_]/.test(t) && toks[i + 1] === '(' && t !== 'text' && t !== 'comment' && t !== 'node') {
      if (!FUNCTIONS.has(t)) throw new XPathUnsupported(`xpath function ${t}()`);
      take();
      take('(');
      const args: XExpr[] = [];
      while (peek() !== ')') {
        args.push(parseUnion());
        if (peek() === ',') take();
      }
      take(')');
      return { k: 'fn', name: t, args };
    }
    return parsePath();
  };
  const parseStep = (descendant: boolean): Step => {
    let t = take();
    let axis: Axis = 'child';
    if (/^[A-Za-z_]/.test(t) && peek() === '::') {
      if (!AXES.has(t)) throw new XPathUnsupported(`xpath axis ${t}`);
      axis = t as Axis;
      take();
      t = take();
    }
    let test: NodeTest;
    if (axis === 'attribute') test = { t: 'attr', name: t === '*' ? null : t.toLowerCase() };
    else if (t === '@') {
      const n = take();
      test = { t: 'attr', name: n === '*' ? null : n.toLowerCase() };
    } else if (t === '*') test = { t: 'any' };
    else if (t === '.') test = { t: 'self' };
    else if (t === '..') {
      axis = 'parent';
      test = { t: 'any' };
    }
    else if ((t === 'text' || t === 'comment' || t === 'node') && peek() === '(') {
      take('(');
      take(')');
      test = t === 'node' ? { t: 'any' } : { t };
    } else if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') throw new XPathUnsupported(`xpath function ${t}()`);
      test = { t: 'name', name: t.toLowerCase() };
    } else throw new XPathUnsupported(`xpath step ${t}`);
    const preds: XExpr[] = [];
    while (peek() === '[') {
      take();
      preds.push(parseUnion());
      take(']');
    }
    return { descendant, axis, test, preds };
  };
  const parsePath = (): XExpr => {
    const steps: Step[] = [];
    let absolute = false;
    let sep = peek();
    if (sep === '/' || sep === '//') {
      absolute = true;
      take();
    } else sep = '/';
    steps.push(parseStep(sep === '//'));
    while (peek() === '/' || peek() === '//') {
      const s = take();
      steps.push(parseStep(s === '//'));
    }
    return { k: 'path', absolute, steps };
  };

  const e = parseUnion();
  // Stray closing brackets after a complete expression are dropped, as the Go XPath library (antchfx/xpath)
  // does: its parser stops at the first token that cannot continue the expression and never checks for the
  // end. Sublime's pack has such a path (`//tr[…]/td[2]//a]`). Anything else left over stays an error: our
  // subset is smaller than that library's, so other leftovers may be syntax we would silently misread.
  while (toks[i] === ']' || toks[i] === ')') i++;
  if (i < toks.length) throw new XPathUnsupported(`xpath: trailing ${toks[i]}`);
  return e;
}
