import { describe, expect, it } from 'vitest';
import { SubstringIndex, WordIndex } from '../../../../../src/engine/detectors/sender/brand-term-index.ts';
import { BRANDS } from '../../../../../src/engine/detectors/sender/brands.ts';
import {
  brandsInLocalPart,
  brandsInLocalPartByScan,
  brandsNamedIn,
  brandsNamedInByScan,
} from '../../../../../src/engine/detectors/sender/names.ts';

/** Every way a display name carries a brand that the detector knows of, for every term of every brand. */
function displayNames(): string[] {
  const names: string[] = [];
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  for (const brand of BRANDS) {
    for (const term of brand.terms) {
      const words = term.split(' ');
      names.push(
        term,
        `${capital(term)} Support`,
        `The ${term} Team`,
        `Katie from ${capital(term)}`,
        `Katie at ${term}`,
        `${words.map(capital).join('')}Service`,
        `${words.map(capital).join('')}ian News`,
        `${words.join('')}es`,
        words.join('').split('').join(' '),
        term.toUpperCase(),
        `${term.toUpperCase()} Partner`,
        `${brand.slds[0]}.com [US]`,
        `${brand.slds[0]}.co.uk offers`,
        `"${term}" <service@${brand.slds[0]}.com>`,
        `${term.replace(/a/g, 'а').replace(/o/g, 'о')}`,
        `Sécurité ${term} – Kundenservice`,
        `${term}${term}`,
        `x${term}`,
        `${term}-Alert 24/7`,
      );
    }
  }
  names.push('', '   ', '@@', 'John Smith', 'Accounts Payable', 'IRS e-File System', 'UPS', 'Ups and downs', 'Amazonian', 'Dropboxes',
    'PayPal Amazon Netflix', 'netflix paypal', 'ＰａｙＰａｌ', 'P.a.y.P.a.l', 'ᴘᴀʏᴘᴀʟ', 'Communication from: UPS, service@x.de', 'a', 'ab', 'abc');
  return names;
}

function localParts(): string[] {
  const parts: string[] = ['', 'info', 'no-reply', 'john.smith', 'a', 'ab'];
  for (const brand of BRANDS) {
    for (const term of brand.terms) {
      const t = term.replace(/ /g, '');
      parts.push(t, `${t}-service`, `secure.${t}`, `my${t}account`, `${t}2024`, `${t.slice(0, -1)}`, `x${t}x`, term.replace(/ /g, '.'));
    }
  }
  return parts;
}

const ids = (list: { name: string }[]) => list.map((b) => b.name);

describe('brand names: indexed lookup against testing every term', () => {
  it('finds the same brands, in the same order, in display names built from every brand term', () => {
    const names = displayNames();
    let named = 0;
    for (const name of names) {
      const expected = ids(brandsNamedInByScan(name));
      expect(ids(brandsNamedIn(name)), name).toEqual(expected);
      if (expected.length > 0) named++;
    }
    // The fixtures exercise both outcomes at scale, not only names that name nothing.
    expect(named).toBeGreaterThan(BRANDS.length * 3);
    expect(names.length - named).toBeGreaterThan(100);
  });

  it('finds the same brands in local parts built from every brand term', () => {
    let named = 0;
    for (const part of localParts()) {
      const expected = ids(brandsInLocalPartByScan(part));
      expect(ids(brandsInLocalPart(part)), part).toEqual(expected);
      if (expected.length > 0) named++;
    }
    expect(named).toBeGreaterThan(BRANDS.length);
  });

  it('reads the brands a phishing display name carries (the reference and the index agree on the answer)', () => {
    expect(ids(brandsNamedIn('PayPalService Team'))).toEqual(['PayPal']);
    expect(ids(brandsNamedIn('Netflix.com Angebote'))).toEqual(['Netflix']);
    expect(ids(brandsNamedIn('Amazonian Adventures'))).toEqual([]);
    expect(ids(brandsInLocalPart('paypal-service'))).toEqual(['PayPal']);
  });
});

describe('term indexes', () => {
  it('a substring index proposes every entry whose needle occurs in the text, short needles always', () => {
    const index = new SubstringIndex<string>();
    for (const needle of ['paypal', 'pay', 'ups', 'ab', 'netflix']) index.add(needle, needle);
    const seen = (text: string) => {
      const out: string[] = [];
      index.candidates(text, (e) => out.push(e));
      return out.sort();
    };
    expect(seen('securepaypalnetflix')).toEqual(['ab', 'netflix', 'pay', 'paypal']);
    expect(seen('xyz')).toEqual(['ab']);
    expect(seen('')).toEqual(['ab']);
  });

  it('a word index proposes the entries filed under the words present, each word once', () => {
    const index = new WordIndex<string>();
    index.add('american', 'american express');
    index.add('american', 'american airlines');
    index.add('ups', 'ups');
    const out: string[] = [];
    index.candidates(['american', 'american', 'express'], (e) => out.push(e));
    expect(out).toEqual(['american express', 'american airlines']);
  });
});
