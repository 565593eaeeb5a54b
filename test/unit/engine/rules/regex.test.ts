import { describe, expect, it } from 'vitest';
import { compileRegex, MAX_REGEX_INPUT, regexWork, translate } from '../../../../src/engine/rules/regex.ts';

describe('RE2 patterns on the JS engine', () => {
  it('turns leading (?i) into a flag and (?P<name>) into a JS named group', () => {
    const t = translate('(?i)(?P<user>[a-z]+)@');
    expect(t.flags).toEqual(['i']);
    expect(t.source).toBe('(?<user>[a-z]+)@');
    expect(compileRegex('(?i)hello', false).contains('say HELLO')).toBe(true);
  });

  it('supports \\p{…} classes, \\x{…} escapes and POSIX classes', () => {
    expect(compileRegex('\\p{Cyrillic}', false).contains('pаypal')).toBe(true);
    expect(compileRegex('\\p{Cyrillic}', false).contains('paypal')).toBe(false);
    expect(compileRegex('\\x{FF0B}1', false).contains('call ＋1 800')).toBe(true);
    expect(compileRegex('^[[:digit:]]+$', false).matches('12345')).toBe(true);
    expect(compileRegex('[[:^ascii:]]', false).contains('plain')).toBe(false);
  });

  it('negates POSIX classes as RE2 does, case-insensitive too: [[:^alpha:]] and [[:^ascii:]] never match k or s', () => {
    expect(compileRegex('x[[:^alpha:]]y', false).contains('x1y')).toBe(true);
    expect(compileRegex('x[[:^alpha:]]y', false).contains('xby')).toBe(false);
    expect(compileRegex('x[^[:^alpha:]]y', false).contains('xby')).toBe(true);
    // Under JS `iu`, a range list holding U+212A (Kelvin) or U+017F (long s) would match k and s by case folding;
    // RE2 folds before it negates, so none of these six is outside ASCII letters, case-insensitively.
    for (const c of ['k', 's', 'K', 'S', '\u212a', '\u017f']) {
      expect(compileRegex('[[:^ascii:]]', true).contains(c)).toBe(false);
      expect(compileRegex('[[:^alpha:]]', true).contains(c)).toBe(false);
    }
    expect(compileRegex('[[:^ascii:]]', true).contains('\u00e9')).toBe(true);
    // Inside a larger class the complement is spelled as ranges.
    expect(compileRegex('a[x[:^alpha:]]', false).contains('a1')).toBe(true);
    expect(compileRegex('a[x[:^alpha:]]', false).contains('ab')).toBe(false);
    expect(compileRegex('a[x[:^alpha:]]', false).contains('ax')).toBe(true);
    expect(compileRegex('a[[:^digit:]_]', false).contains('a7')).toBe(false);
    expect(compileRegex('a[[:^digit:]_]', false).contains('a\u00e9')).toBe(true);
  });

  it("runs Sublime's Google Groups pattern, whose [[:^alpha:]] was refused before", () => {
    const re = compileRegex('(?:added to|to join) [A-Z0-9]{5,7} .*(?:[[:^ascii:]]|[[:^alpha:]]) [A-Z0-9]{5,7}$', true);
    expect(re.contains('You have been added to QX7ZK2 Hot singles 🔥 R8P2LM')).toBe(true);
    expect(re.contains('You have been added to QX7ZK2 Hot singles 2 R8P2LM')).toBe(true);
    expect(re.contains('You have been added to QX7ZK2 Weekly planning k R8P2LM')).toBe(false);
    expect(re.contains('You have been added to the Weekly planning group')).toBe(false);
  });

  it('keeps RE2 literal braces and identity escapes that u-mode JS would reject', () => {
    expect(compileRegex('a{b', false).contains('xa{b')).toBe(true);
    expect(compileRegex("\\'\\<x\\>", false).contains("'<x>")).toBe(true);
    expect(compileRegex('end$?x', false).contains('endx')).toBe(true);
  });

  it('rejects what RE2 does not have: look-around and back-references', () => {
    expect(() => compileRegex('foo(?=bar)', false)).toThrow(/look-around/);
    expect(() => compileRegex('(a)\\1', false)).toThrow(/back-references/);
  });

  it('runs nested unbounded quantifiers on the linear-time engine: (a+)+b on 5000 a finishes', () => {
    const re = compileRegex('(a+)+b', false);
    expect(re.engine).toBe('re2js');
    expect(re.contains('a'.repeat(5000))).toBe(false);
    expect(re.contains('aaab')).toBe(true);
    expect(compileRegex('(?:\\w+\\s+){0,3}account', true).engine).toBe('js');
  });

  it('looks at no more than MAX_REGEX_INPUT characters per call', () => {
    const before = regexWork.charsScanned;
    const big = 'x'.repeat(MAX_REGEX_INPUT * 3) + 'needle';
    expect(compileRegex('needle', false).contains(big)).toBe(false);
    expect(regexWork.charsScanned - before).toBe(MAX_REGEX_INPUT);
  });

  it('extracts groups with the same shape from both engines', () => {
    const js = compileRegex('(?P<n>\\d+)-(\\w)', false).extract('1-a 22-b');
    const re2 = compileRegex('(?P<n>(?:\\d+)+)-(\\w)', false).extract('1-a 22-b');
    expect(js).toEqual(re2);
    expect(js[1]).toEqual({ full_match: '22-b', groups: ['22', 'b'], named_groups: { n: '22' } });
  });
});

describe('required-literal prefilter', () => {
  it('finds the literal every match must contain, or none', async () => {
    const { requiredLiteral } = await import('../../../../src/engine/rules/regex.ts');
    expect(requiredLiteral('Powered by.{0,6}(?:\\s*<[^>]+>\\s*)+<img')).toBe('Powered by');
    expect(requiredLiteral('(?i)hello\\.world?x')).toBe('hello.worl');
    expect(requiredLiteral('x{0,3}abc')).toBe('abc');
    expect(requiredLiteral('ab|cd')).toBeNull();
    expect(requiredLiteral('(a+)+b')).toBeNull();
    expect(requiredLiteral('(?:<(?:p|div)[^>]*>\\s*<br>\\s*</(?:p|div)>){6,}')).toBe('<br>');
    expect(requiredLiteral('(?:abc)?xy')).toBeNull();
  });

  it('offers alternative literals for alternations: one of them must appear', async () => {
    const { requiredLiterals } = await import('../../../../src/engine/rules/regex.ts');
    expect(requiredLiterals('verify|confirm')).toEqual(['verify', 'confirm']);
    expect(requiredLiterals('(?i)(?:wire|bank) transfer')).toEqual([' transfer']);
    expect(requiredLiterals('your (?:account|mailbox)')).toEqual(['account', 'mailbox']);
    expect(requiredLiterals('.*(?:llc|ltd|inc|corp|llp|co)')).toBeNull();
    expect(requiredLiterals('abc|d+')).toBeNull();
    expect(requiredLiterals('[|]x(?:ab|cd)?yz')).toBeNull();
  });

  it('stays exact under case folding: the long s matches s, as RE2 (?i) does', async () => {
    const { evalMql } = await import('./eval-helper.ts');
    const { makeModel } = await import('../../../helpers/model-factory.ts');
    const text = 'x'.repeat(400) + ' paſſword reset';
    const model = makeModel({ body: { current_thread: { text, links: [] } } });
    expect(evalMql("regex.icontains(body.current_thread.text, 'password reset')", { model })).toBe(true);
    expect(evalMql("regex.icontains(body.current_thread.text, 'password resets')", { model })).toBe(false);
  });
});
