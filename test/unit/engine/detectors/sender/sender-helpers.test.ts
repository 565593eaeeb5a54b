import { describe, expect, it } from 'vitest';
import { domainSkeleton, skeleton } from '../../../../../src/engine/detectors/sender/confusables.ts';
import { editDistance } from '../../../../../src/engine/detectors/sender/edit-distance.ts';
import { brandsNamedIn, namesVip } from '../../../../../src/engine/detectors/sender/names.ts';
import { Memo } from '../../../../../src/engine/detectors/sender/memo.ts';

describe('confusables skeleton', () => {
  it('maps Cyrillic, Greek, fullwidth, small capitals and accents to ASCII', () => {
    expect(skeleton('Раураl')).toBe('paypal');
    expect(skeleton('ΑΡΡLΕ')).toBe('apple');
    expect(skeleton('ｍｉｃｒｏｓｏｆｔ')).toBe('microsoft');
    expect(skeleton('ᴘᴀʏᴘᴀʟ')).toBe('paypal');
    expect(skeleton('Crédit')).toBe('credit');
  });
  it('applies digit swaps only for domain labels', () => {
    expect(domainSkeleton('paypa1')).toBe('paypal');
    expect(domainSkeleton('rnicros0ft')).toBe('microsoft');
    expect(skeleton('paypa1')).toBe('paypa1');
  });
});

describe('edit distance (Damerau-Levenshtein, optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps', () => {
    expect(editDistance('paypal', 'paypal', 2)).toBe(0);
    expect(editDistance('paypal', 'paypall', 2)).toBe(1);
    expect(editDistance('docusign', 'docusgin', 2)).toBe(1);
    expect(editDistance('microsoft', 'micosoft', 2)).toBe(1);
    expect(editDistance('amazon', 'amazno', 2)).toBe(1);
  });
  it('stops early past the allowed maximum', () => {
    expect(editDistance('paypal', 'example', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('display-name reading', () => {
  it('finds brands by word, joined or spaced letters, and not inside other words', () => {
    expect(brandsNamedIn('PayPal Service').map((b) => b.name)).toEqual(['PayPal']);
    expect(brandsNamedIn('PayPalService').map((b) => b.name)).toEqual(['PayPal']);
    expect(brandsNamedIn('Netflix.com').map((b) => b.name)).toEqual(['Netflix']);
    expect(brandsNamedIn('P a y P a l').map((b) => b.name)).toEqual(['PayPal']);
    expect(brandsNamedIn('Dropboxes Unlimited Storage Co')).toEqual([]);
    expect(brandsNamedIn('Amazonian Tours')).toEqual([]);
    expect(brandsNamedIn('Chase Miller')).toEqual([]);
  });
  it('matches VIP names in any order and tolerates one extra word only', () => {
    expect(namesVip('Doe, Jane', 'Jane Doe')).toBe(true);
    expect(namesVip('Jane Doe (CEO)', 'Jane Doe')).toBe(true);
    expect(namesVip('Jane Doe via Some Mailing List', 'Jane Doe')).toBe(false);
    expect(namesVip('Jane', 'Jane Doe')).toBe(false);
  });
});

describe('memo', () => {
  it('computes each key once and stays within its bound (counted computations)', () => {
    const memo = new Memo<number>(3);
    let computed = 0;
    const f = (k: string) => memo.get(k, () => ++computed);
    f('a');
    f('a');
    f('b');
    expect(computed).toBe(2);
    f('c');
    f('d'); // over the bound: the memo starts afresh
    f('a');
    expect(computed).toBe(5);
  });
});
