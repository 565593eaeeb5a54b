import { SubstringIndex, WordIndex } from './brand-term-index.ts';
import { BRAND_BY_SLD, BRANDS, type Brand } from './brands.ts';
import { skeleton } from './confusables.ts';
import { Memo } from './memo.ts';

/**
 * Display-name reading: brand names, VIP names and addresses hidden in the name. Names are compared on their
 * confusable skeleton, so "PаyPal" with a Cyrillic а still reads as PayPal.
 */

/** Lower-case words separated by single spaces, confusables mapped. */
export function normalizeName(text: string): string {
  return skeleton(text)
    .replace(/[^a-z0-9@.]+/g, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that surround a brand in a service display name and say nothing by themselves. */
const FILLER = new Set(
  (
    'team support service services customer customers care center centre help desk helpdesk security alert alerts notification ' +
    'notifications account accounts online official id billing no reply noreply info mail email update updates package delivery ' +
    'paket express bank banking wallet live inc llc the of from de do da kundenservice kundendienst servicio atendimento ' +
    'cliente clientes seguranca sicherheit premium prime store rewards news newsletter partner management program ' +
    'loyalty communication communications message nachricht'
  ).split(' '),
);

/** Brand terms in the same normal form as display names ("AT&T" → "at t"), computed once. */
const NORMAL_TERMS: ReadonlyMap<Brand, string[]> = new Map(BRANDS.map((b) => [b, b.terms.map((t) => normalizeName(t)).filter(Boolean)]));

/** Each term without its spaces ("american express" → "americanexpress") and padded for a whole-word search. */
const COMPACT_TERM: ReadonlyMap<string, string> = new Map([...NORMAL_TERMS.values()].flat().map((t) => [t, t.replace(/\s/g, '')]));
const PADDED_TERM: ReadonlyMap<string, string> = new Map([...NORMAL_TERMS.values()].flat().map((t) => [t, ` ${t} `]));

/** "Katie from Ledger": a person speaking for an ambiguous brand; one pattern per term, compiled once. */
const FROM_BRAND: ReadonlyMap<string, RegExp> = new Map(
  [...NORMAL_TERMS.values()].flat().map((t) => [t, new RegExp(`\\b(from|at|von|by) ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)]),
);

/** The brands whose terms may stand anywhere in a name; ambiguous ones are read whole (see namesBrandTerm). */
const PLAIN_BRANDS = BRANDS.filter((b) => !b.ambiguous);
const AMBIGUOUS_BRANDS = BRANDS.filter((b) => b.ambiguous);

/** Plain brands' terms by their first word: ` term ` inside the padded name needs that word in the name. */
const TERMS_BY_WORD = new WordIndex<{ brand: Brand; term: string }>();
/** Plain brands' long terms (joined-letter search) by their compact spelling's first letters. */
const JOINED_TERMS = new SubstringIndex<{ brand: Brand; term: string }>();
for (const brand of PLAIN_BRANDS) {
  for (const term of NORMAL_TERMS.get(brand)!) {
    TERMS_BY_WORD.add(term.split(' ')[0]!, { brand, term });
    if (term.length >= 6) JOINED_TERMS.add(COMPACT_TERM.get(term)!, { brand, term });
  }
}

/** Local-part terms (one word each) of plain brands: as a whole word, and the long ones inside the joined words. */
const LOCAL_WORDS = new WordIndex<Brand>();
const LOCAL_JOINED = new SubstringIndex<{ brand: Brand; term: string }>();
for (const brand of PLAIN_BRANDS) {
  for (const term of brand.terms) {
    if (term.includes(' ')) continue;
    LOCAL_WORDS.add(term, brand);
    if (term.length >= 6) LOCAL_JOINED.add(term, { brand, term });
  }
}

/** Second-level labels too short or too generic to name a brand when written as a domain ("gov.br", "me.com"). */
const WEAK_SLDS = new Set(['gov', 'max', 'inter', 'cash', 'mac', 'me', 'db', 'ah', 'ca', 'vr', 'x', 'fb', 'wf', 'ing', 'sony']);

/** Brands spelled as a domain inside the name: "ups.com [US]", "Netflix.com", "Booking.com Angebote". */
function brandsAsDomain(norm: string): Brand[] {
  const out: Brand[] = [];
  for (const m of norm.matchAll(/(?:^|\s)([a-z0-9-]{2,})\.(?:com|net|org|co|de|nl|fr|br|com\.br|co\.uk|in|io)(?=\s|$)/g)) {
    const brand = WEAK_SLDS.has(m[1]!) ? undefined : BRAND_BY_SLD.get(m[1]!);
    if (brand) out.push(brand);
  }
  return out;
}

/** Confusables mapped but capitals kept, so word joins stay visible ("PayPalService"). */
function skeletonKeepCase(text: string): string {
  let out = '';
  for (const ch of text) {
    const s = skeleton(ch);
    out += ch !== ch.toLowerCase() ? s.toUpperCase() : s;
  }
  return out;
}

/**
 * The brand inside letters joined together, ending where a new word starts (a capital, a digit, the end):
 * "PayPalService" and "P a y P a l" name PayPal, "Dropboxes" and "Amazonian" do not.
 */
function joinedBrand(joined: string, lower: string, term: string): boolean {
  for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1)) {
    const next = joined[i + term.length];
    if (next === undefined || !/\p{Ll}/u.test(next)) return true;
  }
  return false;
}

const namedMemo = new Memo<Brand[]>(20_000);

/** Brands named in a display name (or a local part turned into words); memoised, names repeat in campaigns. */
export function brandsNamedIn(name: string): Brand[] {
  return namedMemo.get(name, () => computeBrandsNamedIn(name));
}

/** A display name in the forms the brand tests read, computed once per name. */
interface NameForms {
  /** Lower-case words, single spaces (see normalizeName). */
  norm: string;
  /** `norm` with a space at each end, for whole-word searches. */
  padded: string;
  /** Letters and digits only, capitals kept (word joins stay visible), and its lower-case form. */
  joined: string;
  joinedLower: string;
  /** `norm` without filler words. */
  meaningful: string;
  /** Two-to-four-letter words written in capitals. */
  shouted: Set<string>;
}

function nameForms(name: string): NameForms | null {
  // The sender's own address often trails the name ("Communication from: UPS, service@x.de"): drop it.
  const norm = normalizeName(name.replace(/\S+@\S+/g, ' '));
  if (!norm) return null;
  // Short brand acronyms shouted in capitals ("IRS e-File System", "UPS Partner") are the brand.
  const shouted = new Set(name.match(/\b[A-Z]{2,4}\b/g) ?? []);
  const joined = skeletonKeepCase(name).replace(/[^\p{L}\p{N}]/gu, '');
  const meaningful = norm.split(' ').filter((w) => !FILLER.has(w)).join(' ');
  return { norm, padded: ` ${norm} `, joined, joinedLower: joined.toLowerCase(), meaningful, shouted };
}

/** The exact test of one brand term against a name: the definition both lookups below answer to. */
function namesBrandTerm(brand: Brand, term: string, f: NameForms): boolean {
  // Ambiguous brands: the brand alone with filler ("Ledger Support"), or a person "from" it ("Katie From Ledger").
  if (brand.ambiguous) {
    return (
      f.meaningful === term ||
      f.meaningful === COMPACT_TERM.get(term)! ||
      // The pattern is anchored at the end: a name that does not end with the term cannot match it.
      (f.norm.endsWith(term) && FROM_BRAND.get(term)!.test(f.norm)) ||
      (term.length <= 4 && f.shouted.has(term.toUpperCase()))
    );
  }
  if (f.padded.includes(PADDED_TERM.get(term)!)) return true;
  // "PayPalService", "P a y P a l": the brand hidden by joining or spacing letters.
  return term.length >= 6 && joinedBrand(f.joined, f.joinedLower, COMPACT_TERM.get(term)!);
}

/** Brands spelled as a domain first, then the others in brand-list order, as evidence names them. */
function inBrandOrder(norm: string, hits: ReadonlySet<Brand>): Brand[] {
  const found = new Set<Brand>(brandsAsDomain(norm));
  for (const brand of BRANDS) if (hits.has(brand)) found.add(brand);
  return [...found];
}

/**
 * Only the terms the indexes propose are tested (a few per name instead of every term of every brand); the
 * answer is the one {@link brandsNamedInByScan} gives, which the tests check.
 */
function computeBrandsNamedIn(name: string): Brand[] {
  const f = nameForms(name);
  if (!f) return [];
  const hits = new Set<Brand>();
  const test = ({ brand, term }: { brand: Brand; term: string }) => {
    if (!hits.has(brand) && namesBrandTerm(brand, term, f)) hits.add(brand);
  };
  TERMS_BY_WORD.candidates(f.norm.split(' '), test);
  JOINED_TERMS.candidates(f.joinedLower, test);
  for (const brand of AMBIGUOUS_BRANDS) for (const term of NORMAL_TERMS.get(brand)!) test({ brand, term });
  return inBrandOrder(f.norm, hits);
}

/** Brands named in a display name, every term of every brand tested: the reference for the indexed lookup. */
export function brandsNamedInByScan(name: string): Brand[] {
  const f = nameForms(name);
  if (!f) return [];
  return inBrandOrder(f.norm, new Set(BRANDS.filter((brand) => NORMAL_TERMS.get(brand)!.some((term) => namesBrandTerm(brand, term, f)))));
}

/** The brand words of a local part: `paypal-service` → PayPal; ambiguous brands never match a local part. */
export function brandsInLocalPart(localPart: string): Brand[] {
  const words = localPart.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const compact = words.join('');
  const hits = new Set<Brand>();
  LOCAL_WORDS.candidates(words, (brand) => hits.add(brand));
  LOCAL_JOINED.candidates(compact, ({ brand, term }) => {
    if (compact.includes(term)) hits.add(brand);
  });
  return hits.size === 0 ? [] : BRANDS.filter((b) => hits.has(b));
}

/** brandsInLocalPart with every term of every brand tested: the reference for the indexed lookup. */
export function brandsInLocalPartByScan(localPart: string): Brand[] {
  const words = localPart.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const compact = words.join('');
  return BRANDS.filter(
    (b) => !b.ambiguous && b.terms.some((t) => !t.includes(' ') && (words.includes(t) || (t.length >= 6 && compact.includes(t)))),
  );
}

/** Word set of a person's name, order-free: "Smith, John" and "John Smith" match. */
function nameWords(name: string): string[] {
  return normalizeName(name)
    .split(' ')
    .filter((w) => w.length > 1 && !w.includes('@'));
}

/** True when the display name is the VIP's name (every word of it, in any order, plus at most one more word). */
export function namesVip(displayName: string, vipName: string): boolean {
  const vip = nameWords(vipName);
  const shown = nameWords(displayName);
  if (vip.length === 0 || shown.length === 0) return false;
  if (vip.length === 1) return shown.length === 1 && shown[0] === vip[0];
  return vip.every((w) => shown.includes(w)) && shown.length <= vip.length + 1;
}

const EMAIL_IN_TEXT = /[a-z0-9._%+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})/gi;

/** Addresses written inside a display name ("support@paypal.com" <x@evil.ru>). */
export function emailsInName(name: string): { email: string; domain: string }[] {
  return [...name.matchAll(EMAIL_IN_TEXT)].slice(0, 5).map((m) => ({ email: m[0].toLowerCase(), domain: m[1]!.toLowerCase() }));
}

const CORPORATE_WORDS = new Set(
  (
    'support team security billing payroll department helpdesk administrator admin service services account accounts customer ' +
    'bank inc llc ltd gmbh corp corporation company office notification notifications alert verification invoice finance hr ' +
    'it desk ceo management compliance legal'
  ).split(' '),
);

/** True when a display name reads like an organisation rather than a person. */
export function looksCorporate(name: string): boolean {
  return normalizeName(name)
    .split(' ')
    .some((w) => CORPORATE_WORDS.has(w));
}
