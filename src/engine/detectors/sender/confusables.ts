/**
 * A compact confusables table: characters attackers use in place of ASCII letters in domains and display
 * names (Cyrillic, Greek, fullwidth, a few symbols and digit swaps). Written for look-alike detection, not a
 * copy of Unicode's full confusables.txt: it covers the letters that actually appear in brand spoofs.
 */
const TABLE: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', н: 'h',
  о: 'o', р: 'p', ԛ: 'q', г: 'r', ѕ: 's', т: 't', у: 'y', ѵ: 'v', ԝ: 'w', х: 'x', ү: 'y', з: '3', ь: 'b',
  А: 'a', В: 'b', С: 'c', Е: 'e', Н: 'h', І: 'i', Ј: 'j', К: 'k', М: 'm', О: 'o', Р: 'p', Ѕ: 's', Т: 't',
  Х: 'x', У: 'y', Ԝ: 'w',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  // Latin extras without a decomposition
  ı: 'i', ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ŀ: 'l', ƅ: 'b', ɡ: 'g', ɑ: 'a', ß: 'ss',
  // Small capitals, a favourite for writing "ᴘᴀʏᴍᴇɴᴛ" past keyword filters
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
  ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  // Symbols
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2212': '-', '\u00b7': '.', '\u2024': '.',
};

/** Digit and letter-pair swaps that read as letters in a domain (`paypa1`, `rnicrosoft`). */
const ASCII_SWAPS: [RegExp, string][] = [
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/3/g, 'e'],
  [/5/g, 's'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/\|/g, 'l'],
];

/** True when the text has a character outside ASCII (after NFKC, which already folds fullwidth forms). */
export function hasNonAscii(text: string): boolean {
  return /[^\x00-\x7f]/.test(text);
}

/**
 * Maps text to its "skeleton": NFKC (fullwidth → ASCII), accents stripped, confusables mapped, lower case.
 * Two strings with the same skeleton look alike to a reader.
 */
export function skeleton(text: string): string {
  const folded = text.normalize('NFKC');
  let out = '';
  for (const ch of folded) {
    const mapped = TABLE[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    // Accented Latin letters: drop the combining marks (é → e).
    out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return out.toLowerCase();
}

/** The skeleton with digit/letter swaps applied too: for domain labels, where `0` for `o` is a classic. */
export function domainSkeleton(label: string): string {
  let s = skeleton(label);
  for (const [re, to] of ASCII_SWAPS) s = s.replace(re, to);
  return s;
}
