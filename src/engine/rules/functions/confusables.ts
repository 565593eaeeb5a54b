/**
 * Look-alike characters folded to the ASCII letter they imitate, for `strings.replace_confusables`.
 * A compact table of the Cyrillic, Greek and symbol homoglyphs seen in brand impersonation, plus Unicode
 * compatibility decomposition (fullwidth, mathematical alphanumerics, ligatures) and removal of combining marks.
 */
const TABLE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g', ɑ: 'a', ο: 'o', α: 'a',
  ν: 'v', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ι: 'i', κ: 'k', ε: 'e', η: 'n', ω: 'w', μ: 'u',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I',
  Ј: 'J', Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T',
  Υ: 'Y', Χ: 'X', ℓ: 'l', ı: 'i', ȷ: 'j', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd',
  ł: 'l', ħ: 'h', þ: 'p', '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-',
};

const NON_ASCII = /[^\x00-\x7f]/;

export function replaceConfusables(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  let out = '';
  for (const ch of s.normalize('NFKD')) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x300 && code <= 0x36f) continue;
    out += TABLE[ch] ?? ch;
  }
  return out;
}
