/**
 * Call sites with literal needles or patterns are specialised at compile time (functions/specialized.ts). Each
 * specialisation must answer exactly what the generic function answers: run both side by side over many inputs.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileMql } from '../../../../src/engine/rules/compile.ts';
import { FUNCTIONS } from '../../../../src/engine/rules/functions/index.ts';
import { SPECIALIZERS } from '../../../../src/engine/rules/functions/specialized.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { compileRegex } from '../../../../src/engine/rules/regex.ts';
import type { Value } from '../../../../src/engine/rules/values.ts';
import { makeModel } from '../../../helpers/model-factory.ts';
import { makeEnv } from './eval-helper.ts';

/** Past 256 characters the regex functions check the pattern's literals first: pad to get there. */
const PAD = 'lorem ipsum dolor sit amet '.repeat(12);

const SUBJECTS: Value[] = [
  null,
  42,
  true,
  ['verify'],
  { text: 'verify' },
  '',
  'verify',
  'Verify Your Account',
  'VERIFY YOUR ACCOUNT NOW',
  'ſecure login', // U+017F folds to s
  'SECURE LOGIN',
  'ſ',
  'Kelvin \u212a', // the Kelvin sign lower-cases to k
  'invoice.PDF.exe',
  'login.microsoftonline.com',
  'a*b',
  'İstanbul', // lower-cases to two code units
  PAD + 'please VERIFY your account',
  PAD + 'please verıfy your account', // dotless i: no match
  PAD + 'ſecure area ' + PAD,
  'Secure ' + PAD,
  PAD,
  PAD + 'pay@evil.com',
];

const NEEDLE_SETS: Value[][] = [
  ['verify'],
  ['VERIFY', 'account'],
  ['ſecure'],
  ['secure'],
  ['s'],
  ['K'],
  ['k'],
  ['', 'zzz'],
  [null, 'account'],
  [42, 'Verify'],
  ['*.exe'],
  ['*invoice*', '*.zip'],
  ['*'],
  ['a*b'],
  ['**'],
  ['login*com'],
  ['*ſecure*'],
  ['İ'],
  ['i̇stanbul'],
  ['zzz', 'yyy'],
];

const PATTERN_SETS: string[][] = [
  ['verify\\s+your'],
  ['secure'],
  ['SECURE', 'account'],
  ['acc(ou)nt'],
  ['^verify'],
  ['account$'],
  ['ſ'],
  ['k'],
  ['login\\.microsoft'],
  ['[a-z]+@[a-z]+\\.com'],
  ['(?i)secure'],
  ['x{0}'],
  ['zzz|yyy'],
  ['(verify|secure) (your|login)'],
];

const NEEDLE_FNS = Object.keys(SPECIALIZERS).filter((n) => n.startsWith('strings.'));
const PATTERN_FNS = Object.keys(SPECIALIZERS).filter((n) => n.startsWith('regex.'));

function bothWays(name: string, subject: Value, literals: Value[]): [Value, Value] {
  // Fresh environments: each side lower-cases through its own per-message cache.
  const generic = FUNCTIONS[name]!.call([subject, ...literals], makeEnv(), {});
  const special = SPECIALIZERS[name]!(literals)(subject, makeEnv());
  return [special, generic];
}

describe('specialised call sites answer exactly as the generic functions', () => {
  it('covers every strings.* and regex.* specialisation', () => {
    expect(NEEDLE_FNS.sort()).toEqual(
      ['contains', 'icontains', 'starts_with', 'istarts_with', 'ends_with', 'iends_with', 'like', 'ilike'].map((n) => `strings.${n}`).sort(),
    );
    expect(PATTERN_FNS.sort()).toEqual(
      ['contains', 'icontains', 'match', 'imatch', 'extract', 'iextract', 'count', 'icount'].map((n) => `regex.${n}`).sort(),
    );
  });

  it.each(NEEDLE_FNS)('%s: needles, globs, case folding (ſ, K), null and non-string subjects', (name) => {
    let trues = 0;
    for (const subject of SUBJECTS) {
      for (const needles of NEEDLE_SETS) {
        const [special, generic] = bothWays(name, subject, needles);
        expect(special, `${name}(${JSON.stringify(subject)}, ${JSON.stringify(needles)})`).toEqual(generic);
        if (special === true) trues++;
      }
    }
    // Not vacuous: the inputs make each function answer true somewhere.
    expect(trues).toBeGreaterThan(0);
  });

  it.each(PATTERN_FNS)('%s: patterns, the literal prefilter on long subjects, null and non-string subjects', (name) => {
    const single = name.includes('extract');
    let hits = 0;
    for (const subject of SUBJECTS) {
      for (const patterns of PATTERN_SETS) {
        for (const lits of single ? patterns.map((p) => [p]) : [patterns]) {
          const [special, generic] = bothWays(name, subject, lits);
          expect(special, `${name}(${JSON.stringify(subject)}, ${JSON.stringify(lits)})`).toEqual(generic);
          if (special === true || (Array.isArray(special) && special.length) || (typeof special === 'number' && special > 0)) hits++;
        }
      }
    }
    expect(hits).toBeGreaterThan(0);
  });

  it('the literal prefilter never hides a match the pattern alone finds', () => {
    let matched = 0;
    for (const subject of SUBJECTS) {
      if (typeof subject !== 'string') continue;
      for (const patterns of PATTERN_SETS) {
        for (const ignoreCase of [false, true]) {
          const plain = patterns.some((p) => compileRegex(p, ignoreCase).contains(subject));
          const fast = SPECIALIZERS[ignoreCase ? 'regex.icontains' : 'regex.contains']!(patterns)(subject, makeEnv());
          expect(fast, `${JSON.stringify(patterns)} i=${ignoreCase} on ${JSON.stringify(subject.slice(-40))}`).toBe(plain);
          if (plain && subject.length >= 256) matched++;
        }
      }
    }
    // Long subjects that match, so the prefilter ran and let them through.
    expect(matched).toBeGreaterThan(3);
  });
});

describe('the compiler uses the specialisation for literal arguments only', () => {
  afterEach(() => vi.restoreAllMocks());

  const subjectModel = (s: Value) =>
    makeModel({ subject: { subject: s as string, base: s as string, is_reply: false, is_forward: false } });

  it.each([...NEEDLE_FNS, ...PATTERN_FNS.filter((n) => !n.includes('extract'))])(
    '%s with literal arguments equals the same call with computed arguments',
    (name) => {
      const lits = name.startsWith('regex.') ? ['verify\\s+your', 'ſecure'] : ['VERIFY', '*ſecure*', 'account'];
      const literal = compileMql(parseMql(`${name}(subject.subject, ${lits.map((l) => JSON.stringify(l)).join(', ')})`));
      // strings.concat(x) is x, but not a literal: the call site stays generic.
      const computed = compileMql(parseMql(`${name}(subject.subject, ${lits.map((l) => `strings.concat(${JSON.stringify(l)})`).join(', ')})`));
      const generic = vi.spyOn(FUNCTIONS[name]!, 'call');
      for (const s of SUBJECTS) {
        if (typeof s === 'object' && s !== null) continue;
        const model = subjectModel(s);
        const before = generic.mock.calls.length;
        const a = literal.fn(makeEnv({ model }));
        expect(generic.mock.calls.length, 'literal call site went through the generic function').toBe(before);
        expect(a, `${name} on ${JSON.stringify(s)}`).toEqual(computed.fn(makeEnv({ model })));
      }
      expect(generic).toHaveBeenCalled();
    },
  );
});
