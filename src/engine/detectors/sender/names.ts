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

function computeBrandsNamedIn(name: string): Brand[] {
  // The sender's own address often trails the name ("Communication from: UPS, service@x.de"): drop it.
  const norm = normalizeName(name.replace(/\S+@\S+/g, ' '));
  // Short brand acronyms shouted in capitals ("IRS e-File System", "UPS Partner") are the brand.
  const shouted = new Set(name.match(/\b[A-Z]{2,4}\b/g) ?? []);
  if (!norm) return [];
  const padded = ` ${norm} `;
  const joined = skeletonKeepCase(name).replace(/[^\p{L}\p{N}]/gu, '');
  // Lower-cased once here, not once per brand term: this loop runs over every term of every brand.
  const joinedLower = joined.toLowerCase();
  const meaningful = norm.split(' ').filter((w) => !FILLER.has(w)).join(' ');
  const found = new Set<Brand>(brandsAsDomain(norm));
  for (const brand of BRANDS) {
    const hit = NORMAL_TERMS.get(brand)!.some((term) => {
      // Ambiguous brands: the brand alone with filler ("Ledger Support"), or a person "from" it ("Katie From Ledger").
      if (brand.ambiguous) {
        return (
          meaningful === term ||
          meaningful === COMPACT_TERM.get(term)! ||
          // The pattern is anchored at the end: a name that does not end with the term cannot match it.
          (norm.endsWith(term) && FROM_BRAND.get(term)!.test(norm)) ||
          (term.length <= 4 && shouted.has(term.toUpperCase()))
        );
      }
      if (padded.includes(PADDED_TERM.get(term)!)) return true;
      // "PayPalService", "P a y P a l": the brand hidden by joining or spacing letters.
      return term.length >= 6 && joinedBrand(joined, joinedLower, COMPACT_TERM.get(term)!);
    });
    if (hit) found.add(brand);
  }
  return [...found];
}

/** The brand words of a local part: `paypal-service` → PayPal; ambiguous brands never match a local part. */
export function brandsInLocalPart(localPart: string): Brand[] {
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
