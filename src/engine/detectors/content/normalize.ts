/**
 * Text folding for phrase matching. Attackers dodge keyword filters with look-alike letters (Cyrillic `а`,
 * mathematical bold `𝐘𝐎𝐔𝐑`, small capitals `ᴏʀᴅᴇʀ`), combining marks and zero-width characters between
 * letters. Folding maps all of that onto plain lower-case Latin so one pattern catches every disguise.
 * Accents are folded too (`bestätigen` → `bestatigen`), so patterns are written without them or are passed
 * through {@link foldPattern}.
 */

/** Letters from other scripts that render like Latin ones (a pragmatic subset of Unicode's confusables). */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y',
  х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ғ: 'f', ү: 'y', ӏ: 'l',
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', Х: 'x', Ѕ: 's', І: 'i',
  Ј: 'j', Ү: 'y', Ԍ: 'g', Ԛ: 'q', Ԝ: 'w',
  // Greek
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y',
  Χ: 'x',
  // Armenian
  ո: 'n', ս: 'u', օ: 'o', ց: 'g', հ: 'h', ք: 'p', Ս: 'u', Օ: 'o', Ո: 'n',
  // Cherokee capitals
  Ꭰ: 'd', Ꭱ: 'r', Ꭲ: 't', Ꭺ: 'a', Ꭼ: 'e', Ᏼ: 'b', Ꮃ: 'w', Ꮇ: 'm', Ꮋ: 'h', Ꮐ: 'g', Ꮮ: 'l', Ꮲ: 'p',
  Ꮪ: 's', Ꮯ: 'c', Ꮶ: 'k', Ꮩ: 'v', Ꮓ: 'z', Ꭹ: 'y',
  // Latin small capitals and other stand-ins
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
  ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ı: 'i', ɑ: 'a',
  ɡ: 'g', ß: 'ss', ẞ: 'ss', ø: 'o', Ø: 'o', đ: 'd', ł: 'l', Ł: 'l', æ: 'ae', œ: 'oe',
  _: ' ',
  '\u2019': "'", '\u2018': "'", '\u2013': '-', '\u2014': '-', '\u00A0': ' ',
};

const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');

/** Combining marks plus the invisible characters used to split words. */
const INVISIBLE_RE = /[\p{M}\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\uFEFF]/gu;

/** Folds text for matching: compatibility forms, no marks, no invisibles, look-alikes mapped, lower case. */
export function foldText(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  return cut
    .normalize('NFKD')
    .replace(INVISIBLE_RE, '')
    .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c)
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/**
 * Folds a regex source written in natural spelling (`bestätigen`) the way {@link foldText} folds text.
 * Only letters change: regex syntax is ASCII and passes through untouched.
 */
export function foldPattern(source: string): string {
  return source.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[ßẞ]/g, 'ss');
}

/** A short, single-line quote for evidence: analysts read it, so it never carries a whole body. */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
