/**
 * MQL lexer. Single-quoted strings escape a quote by doubling it and keep backslashes as they are (regexes are
 * written that way); double-quoted strings know `\" \\ \n \r \t \u{…}` and keep any other backslash pair as
 * written, so `"\d+"` reaches the regex engine intact. Paths are lexed whole (`sender.email.domain`), and a
 * leading-dot path (`.href_url.url`, `..file_name`, `.`) is one token whose meaning the parser decides.
 */
export type TokenKind = 'num' | 'str' | 'ident' | 'dotpath' | 'list' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator or punctuation text, identifier path, list name, or decoded string. */
  text: string;
  /** For `dotpath`: how many leading dots (1 = current item, 2 = enclosing item). */
  dots?: number;
  num?: number;
  start: number;
  end: number;
}

export class MqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'MqlSyntaxError';
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const DOTPATH = /(\.{1,3})((?:[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?/y;
const NUMBER = /\d+(?:\.\d+)?/y;
const OPS = ['in~', '==', '!=', '<=', '>=', '=~', '!~', '<', '>', '+', '-', '*', '/', '%'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    if (c === "'" || c === '"') {
      const [text, end] = c === "'" ? readSingle(src, i) : readDouble(src, i);
      out.push({ kind: 'str', text, start: i, end });
      i = end;
      continue;
    }
    if (c >= '0' && c <= '9') {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src)!;
      out.push({ kind: 'num', text: m[0], num: Number(m[0]), start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (c === '$') {
      IDENT.lastIndex = i + 1;
      const m = IDENT.exec(src);
      if (!m) throw new MqlSyntaxError('list name expected after $', i);
      out.push({ kind: 'list', text: m[0], start: i, end: i + 1 + m[0].length });
      i += 1 + m[0].length;
      continue;
    }
    if (c === '.') {
      DOTPATH.lastIndex = i;
      const m = DOTPATH.exec(src)!;
      out.push({ kind: 'dotpath', text: m[2] ?? '', dots: m[1]!.length, start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(src)!;
      // `in~` is an operator glued to a keyword.
      if (m[0] === 'in' && src[i + 2] === '~') {
        out.push({ kind: 'op', text: 'in~', start: i, end: i + 3 });
        i += 3;
        continue;
      }
      out.push({ kind: 'ident', text: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if ('(),[]='.includes(c)) {
      out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    throw new MqlSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ kind: 'eof', text: '', start: src.length, end: src.length });
  return out;
}

function readSingle(src: string, start: number): [string, number] {
  let i = start + 1;
  let text = '';
  for (;;) {
    const q = src.indexOf("'", i);
    if (q < 0) throw new MqlSyntaxError('unterminated string', start);
    text += src.slice(i, q);
    if (src[q + 1] === "'") {
      text += "'";
      i = q + 2;
      continue;
    }
    return [text, q + 1];
  }
}

function readDouble(src: string, start: number): [string, number] {
  let i = start + 1;
  let text = '';
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return [text, i + 1];
    if (c !== '\\') {
      text += c;
      i++;
      continue;
    }
    const n = src[i + 1];
    if (n === '"') text += '"';
    else if (n === '\\') text += '\\';
    else if (n === 'n') text += '\n';
    else if (n === 'r') text += '\r';
    else if (n === 't') text += '\t';
    else if (n === 'u' && src[i + 2] === '{') {
      const close = src.indexOf('}', i);
      const cp = parseInt(src.slice(i + 3, close), 16);
      if (close < 0 || Number.isNaN(cp)) throw new MqlSyntaxError('bad \\u{} escape', i);
      text += String.fromCodePoint(cp);
      i = close + 1;
      continue;
    } else text += '\\' + (n ?? '');
    i += 2;
  }
  throw new MqlSyntaxError('unterminated string', start);
}
