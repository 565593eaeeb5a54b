/**
 * MQL parser: precedence climbing over the lexer's tokens. From loosest to tightest:
 * `or` < `and` < `not` < comparisons (`== != < <= > >= =~ !~ in in~ not in is [not] null`) < `+ -` < `* / %` <
 * unary minus < postfix (`(…)` call, `[…]` index, `.field` member) < primaries (literals, paths, `$lists`,
 * `( … )` groups and tuples, `N of ( … )`).
 */
import type { BinaryOp, Node } from './ast.ts';
import { MqlSyntaxError, tokenize, type Token } from './lexer.ts';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', '=~', '!~', 'in~']);
/** Nesting of groups, calls, `not` and unary minus. Real rules stay under 20; deeper text would overflow the stack. */
const MAX_NESTING = 200;

export function parseMql(src: string): Node {
  return new Parser(src).parseAll();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;
  private depth = 0;

  constructor(private readonly src: string) {
    this.toks = tokenize(src);
  }

  parseAll(): Node {
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(`unexpected ${describe(t)}`, t);
    return node;
  }

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.i + ahead, this.toks.length - 1)]!;
  }

  private next(): Token {
    return this.toks[this.i++]!;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'ident' && t.text === word;
  }

  private isPunct(t: Token, p: string): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  private expectPunct(p: string): Token {
    const t = this.next();
    if (!this.isPunct(t, p)) this.fail(`expected '${p}' but found ${describe(t)}`, t);
    return t;
  }

  private fail(msg: string, t: Token): never {
    const line = this.src.slice(0, t.start).split('\n').length;
    throw new MqlSyntaxError(`${msg} (line ${line})`, t.start);
  }

  private parseOr(): Node {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING}`, this.peek());
    try {
      return this.parseOrInner();
    } finally {
      this.depth--;
    }
  }

  private parseOrInner(): Node {
    const first = this.parseAnd();
    const items = [first];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? first : { k: 'or', items, start: first.start, end: items.at(-1)!.end };
  }

  private parseAnd(): Node {
    const first = this.parseNot();
    const items = [first];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      items.push(this.parseNot());
    }
    return items.length === 1 ? first : { k: 'and', items, start: first.start, end: items.at(-1)!.end };
  }

  private parseNot(): Node {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.next();
      if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING}`, t);
      const e = this.parseNot();
      this.depth--;
      return { k: 'not', e, start: t.start, end: e.end };
    }
    return this.parseComparison();
  }

  private parseComparison(): Node {
    const l = this.parseAdditive();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS.has(t.text)) {
      this.next();
      const r = this.parseAdditive();
      const first: Node = { k: 'bin', op: t.text as BinaryOp, l, r, start: l.start, end: r.end };
      // `0 < length(x) < 10` chains like Python: both comparisons must hold.
      const t2 = this.peek();
      if (t2.kind !== 'op' || !COMPARISONS.has(t2.text)) return first;
      this.next();
      const r2 = this.parseAdditive();
      const second: Node = { k: 'bin', op: t2.text as BinaryOp, l: r, r: r2, start: r.start, end: r2.end };
      return { k: 'and', items: [first, second], start: l.start, end: r2.end };
    }
    if (this.isWord(t, 'in')) {
      this.next();
      const r = this.parseAdditive();
      return { k: 'bin', op: 'in', l, r, start: l.start, end: r.end };
    }
    if (this.isWord(t, 'not') && (this.isWord(this.peek(1), 'in') || this.peek(1).text === 'in~')) {
      this.next();
      const op: BinaryOp = this.next().text === 'in~' ? 'not in~' : 'not in';
      const r = this.parseAdditive();
      return { k: 'bin', op, l, r, start: l.start, end: r.end };
    }
    if (this.isWord(t, 'is')) {
      this.next();
      let negated = false;
      if (this.isWord(this.peek(), 'not')) {
        this.next();
        negated = true;
      }
      const n = this.next();
      if (!this.isWord(n, 'null')) this.fail(`expected 'null' after 'is'`, n);
      return { k: 'isnull', e: l, negated, start: l.start, end: n.end };
    }
    return l;
  }

  private parseAdditive(): Node {
    let l = this.parseMultiplicative();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return l;
      this.next();
      const r = this.parseMultiplicative();
      l = { k: 'bin', op: t.text, l, r, start: l.start, end: r.end };
    }
  }

  private parseMultiplicative(): Node {
    let l = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/' && t.text !== '%')) return l;
      this.next();
      const r = this.parseUnary();
      l = { k: 'bin', op: t.text, l, r, start: l.start, end: r.end };
    }
  }

  private parseUnary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING}`, t);
      const e = this.parseUnary();
      this.depth--;
      if (e.k === 'lit' && typeof e.v === 'number') return { ...e, v: -e.v, start: t.start };
      return { k: 'neg', e, start: t.start, end: e.end };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(node: Node): Node {
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '[')) {
        this.next();
        const idx = this.parseOr();
        const close = this.expectPunct(']');
        node = { k: 'index', obj: node, idx, start: node.start, end: close.end };
      } else if (t.kind === 'dotpath' && t.dots === 1 && t.text !== '' && t.start === node.end) {
        // `.field` glued to what precedes it is member access, not a lambda item.
        this.next();
        node = { k: 'member', obj: node, parts: t.text.split('.'), start: node.start, end: t.end };
      } else return node;
    }
  }

  private parsePrimary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        if (this.isWord(this.peek(), 'of')) return this.parseNOf(t);
        return { k: 'lit', v: t.num!, start: t.start, end: t.end };
      case 'str':
        return { k: 'lit', v: t.text, start: t.start, end: t.end };
      case 'list':
        return { k: 'list', name: t.text, start: t.start, end: t.end };
      case 'dotpath':
        return { k: 'path', depth: t.dots! - 1, parts: t.text ? t.text.split('.') : [], start: t.start, end: t.end };
      case 'ident':
        return this.parseIdent(t);
      case 'punct':
        if (t.text === '(') return this.parseGroup(t);
        if (t.text === '[') return this.parseArray(t);
        break;
      default:
        break;
    }
    return this.fail(`unexpected ${describe(t)}`, t);
  }

  private parseIdent(t: Token): Node {
    if (t.text === 'true' || t.text === 'false') return { k: 'lit', v: t.text === 'true', start: t.start, end: t.end };
    if (t.text === 'null') return { k: 'lit', v: null, start: t.start, end: t.end };
    if (['and', 'or', 'not', 'in', 'is', 'of'].includes(t.text)) this.fail(`unexpected keyword '${t.text}'`, t);
    if (this.isPunct(this.peek(), '(')) return this.parseCall(t);
    return { k: 'path', depth: -1, parts: t.text.split('.'), start: t.start, end: t.end };
  }

  private parseCall(name: Token): Node {
    this.expectPunct('(');
    const args: Node[] = [];
    const named: Record<string, Node> = {};
    while (!this.isPunct(this.peek(), ')')) {
      const t = this.peek();
      if (t.kind === 'ident' && this.isPunct(this.peek(1), '=')) {
        this.next();
        this.next();
        named[t.text] = this.parseOr();
      } else args.push(this.parseOr());
      if (!this.isPunct(this.peek(), ')')) this.expectPunct(',');
    }
    const close = this.expectPunct(')');
    return { k: 'call', name: name.text, args, named, start: name.start, end: close.end };
  }

  private parseGroup(open: Token): Node {
    const items: Node[] = [];
    let comma = false;
    while (!this.isPunct(this.peek(), ')')) {
      items.push(this.parseOr());
      if (this.isPunct(this.peek(), ',')) {
        this.next();
        comma = true;
      } else break;
    }
    const close = this.expectPunct(')');
    if (items.length === 1 && !comma) return { ...items[0]!, start: open.start, end: close.end };
    return { k: 'tuple', items, start: open.start, end: close.end };
  }

  private parseArray(open: Token): Node {
    const items: Node[] = [];
    while (!this.isPunct(this.peek(), ']')) {
      items.push(this.parseOr());
      if (!this.isPunct(this.peek(), ']')) this.expectPunct(',');
    }
    const close = this.expectPunct(']');
    return { k: 'tuple', items, start: open.start, end: close.end };
  }

  private parseNOf(n: Token): Node {
    this.next();
    const open = this.expectPunct('(');
    const group = this.parseGroup(open);
    const items = group.k === 'tuple' ? group.items : [group];
    return { k: 'nof', n: n.num!, items, start: n.start, end: group.end };
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of expression';
  return `'${t.text || '.'.repeat(t.dots ?? 1)}'`;
}
