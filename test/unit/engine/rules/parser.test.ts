import { describe, expect, it } from 'vitest';
import type { Node } from '../../../../src/engine/rules/ast.ts';
import { tokenize } from '../../../../src/engine/rules/lexer.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { evalMql } from './eval-helper.ts';

/** The tree without source spans, as nested arrays, to compare shapes. */
function shape(n: Node): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'path':
      return '.'.repeat(n.depth + 1) + n.parts.join('.');
    case 'and':
    case 'or':
      return [n.k, ...n.items.map(shape)];
    case 'not':
      return ['not', shape(n.e)];
    case 'bin':
      return [n.op, shape(n.l), shape(n.r)];
    case 'call':
      return [n.name + '()', ...n.args.map(shape)];
    case 'tuple':
      return ['tuple', ...n.items.map(shape)];
    case 'nof':
      return [`${n.n} of`, ...n.items.map(shape)];
    case 'member':
      return ['member', shape(n.obj), n.parts.join('.')];
    case 'index':
      return ['index', shape(n.obj), shape(n.idx)];
    case 'isnull':
      return [n.negated ? 'is not null' : 'is null', shape(n.e)];
    default:
      return n.k;
  }
}

describe('MQL parser', () => {
  it('binds and tighter than or, and not looser than comparisons', () => {
    expect(shape(parseMql('a or b and not c == 1'))).toEqual([
      'or',
      'a',
      ['and', 'b', ['not', ['==', 'c', 1]]],
    ]);
  });

  it('binds * before + and arithmetic before comparison', () => {
    expect(shape(parseMql('1 + 2 * 3 > 6'))).toEqual(['>', ['+', 1, ['*', 2, 3]], 6]);
    expect(evalMql('1 + 2 * 3 == 7')).toBe(true);
    expect(evalMql('(1 + 2) * 3 == 9')).toBe(true);
    expect(evalMql('10 - 2 - 3 == 5')).toBe(true);
  });

  it('reads paths, lambda items (., .., ...), member access on calls and indexing', () => {
    expect(shape(parseMql('any(body.links, ..email.domain == .href_url.domain)'))).toEqual([
      'any()',
      'body.links',
      ['==', '..email.domain', '.href_url.domain'],
    ]);
    expect(shape(parseMql('profile.by_sender().prevalence'))).toEqual(['member', ['profile.by_sender()'], 'prevalence']);
    expect(shape(parseMql('recipients.to[0].email.domain'))).toEqual(['member', ['index', 'recipients.to', 0], 'email.domain']);
    expect(shape(parseMql('file.explode(.)'))).toEqual(['file.explode()', '.']);
  });

  it('reads in, not in, in~, is (not) null, N of and chained comparisons', () => {
    expect(shape(parseMql("x not in ('a', 'b')"))).toEqual(['not in', 'x', ['tuple', 'a', 'b']]);
    expect((shape(parseMql('x in~ $lst')) as unknown[])[0]).toBe('in~');
    expect(shape(parseMql('x is not null'))).toEqual(['is not null', 'x']);
    expect(shape(parseMql('2 of (a, b, c)'))).toEqual(['2 of', 'a', 'b', 'c']);
    expect(shape(parseMql('0 < n < 10'))).toEqual(['and', ['<', 0, 'n'], ['<', 'n', 10]]);
    expect(shape(parseMql('[a, "b"]'))).toEqual(['tuple', 'a', 'b']);
  });

  it('keeps backslashes in single quotes, decodes known escapes in double quotes, skips // comments', () => {
    const toks = tokenize(`'a\\d+''s' "q\\"x\\\\y\\s\\u{41}" // not a token\n x`);
    expect(toks.map((t) => t.text)).toEqual(["a\\d+'s", 'q"x\\y\\sA', 'x', '']);
  });

  it('parses named arguments', () => {
    const n = parseMql('strings.scan_base64(x, ignore_padding=true)');
    expect(n.k === 'call' && n.named.ignore_padding?.k).toBe('lit');
  });

  it('rejects malformed input with a position', () => {
    expect(() => parseMql('a and')).toThrow(/end of expression/);
    expect(() => parseMql("x == 'open")).toThrow(/unterminated string/);
    expect(() => parseMql('any(a, b')).toThrow(/expected/);
    expect(() => parseMql('x is 3')).toThrow(/null/);
    expect(() => parseMql('a # b')).toThrow(/unexpected character/);
  });
});
