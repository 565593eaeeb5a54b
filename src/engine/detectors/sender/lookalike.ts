import { domainToUnicode } from 'node:url';
import type { Domain } from '../../../core/message.ts';
import { BRAND_BY_SLD, BRANDS, isBrandDomain, type Brand } from './brands.ts';
import { domainSkeleton, hasNonAscii } from './confusables.ts';
import { bagLowerBound, editDistance, letterBag } from './edit-distance.ts';
import { Memo } from './memo.ts';

/** A domain label that attackers imitate: a brand's or one of the organisation's own. */
export interface LookalikeTarget {
  /** What an analyst reads in evidence: `PayPal`, `acme.com`. */
  name: string;
  kind: 'brand' | 'org';
  /** The imitated second-level label (`paypal`) and its skeleton. */
  label: string;
  skeleton: string;
  /** Letter counts of the skeleton: a cheap filter before the edit distance. */
  bag: Int16Array;
  /** For org targets: the exact root domain that is legitimate. */
  root: string | null;
  /** Edit distance allowed (0 = exact look-alike characters only). */
  maxDistance: number;
  /** Whether finding the label inside a longer domain counts (`paypal-secure-login.com`). */
  embeddable: boolean;
  /** `paypal.com.` spelled inside a subdomain; compiled once per target. */
  inSubdomain: RegExp;
  brand: Brand | null;
}

export type LookalikeHow = 'homoglyph' | 'typo' | 'embedded' | 'tld-swap';

export interface LookalikeMatch {
  target: LookalikeTarget;
  how: LookalikeHow;
  distance: number;
  confidence: number;
}

function fuzzAllowance(length: number, longAt: number, shortAt: number): number {
  if (length >= longAt) return 2;
  if (length >= shortAt) return 1;
  return 0;
}

function brandTargets(): LookalikeTarget[] {
  return BRANDS.flatMap((brand) =>
    (brand.lookalike ?? [brand.slds[0]!]).map((label) => ({
      name: brand.name,
      kind: 'brand' as const,
      label,
      skeleton: domainSkeleton(label),
      bag: letterBag(domainSkeleton(label)),
      root: null,
      maxDistance: brand.ambiguous ? 0 : fuzzAllowance(label.length, Math.max(9, (brand.fuzzyFrom ?? 6) + 2), brand.fuzzyFrom ?? 6),
      embeddable: !brand.ambiguous && label.length >= 5,
      inSubdomain: subdomainPattern(label),
      brand,
    })),
  );
}

export const BRAND_TARGETS: readonly LookalikeTarget[] = brandTargets();

/** Look-alike targets for the organisation's own domains (`acme.com` → label `acme`). */
export function orgTargets(domains: readonly Domain[]): LookalikeTarget[] {
  return domains
    .filter((d) => d.valid && d.sld.length >= 3)
    .map((d) => ({
      name: d.root_domain,
      kind: 'org' as const,
      label: d.sld,
      skeleton: domainSkeleton(d.sld),
      bag: letterBag(domainSkeleton(d.sld)),
      root: d.root_domain,
      maxDistance: fuzzAllowance(d.sld.length, 8, 5),
      embeddable: d.sld.length >= 4,
      inSubdomain: subdomainPattern(d.sld),
      brand: null,
    }));
}

/** True when the domain belongs to one of the targets (the brand itself, the org itself). */
export function isLegitimateFor(domain: Domain, targets: readonly LookalikeTarget[]): boolean {
  if (BRAND_BY_SLD.has(domain.sld) || BRAND_ROOTS.has(domain.root_domain)) return targets.some((t) => t.kind === 'brand');
  for (const t of targets) {
    if (t.kind === 'org' ? domain.root_domain === t.root : t.brand!.slds.includes('gov') && isBrandDomain(t.brand!, domain.root_domain, domain.sld)) return true;
  }
  return false;
}

/** Brands' explicit root domains, for the fast path of isLegitimateFor. */
const BRAND_ROOTS: ReadonlySet<string> = new Set(BRANDS.flatMap((b) => b.roots ?? []));

/** The readable (Unicode) second-level label and subdomain of a domain, whatever spelling it arrived in. */
function unicodeParts(domain: Domain): { sld: string; sub: string } {
  const root = domain.root_domain.includes('xn--') ? domainToUnicode(domain.root_domain) : domain.root_domain;
  const sld = root.split('.')[0] ?? '';
  const sub = domain.subdomain ? (domain.subdomain.includes('xn--') ? domainToUnicode(domain.subdomain) : domain.subdomain) : '';
  return { sld, sub };
}

/**
 * The label starts the second-level label or follows a hyphen or digit: `paypal-login`, `secure-paypal`,
 * `paypalsecure`; not inside a word (`shagmail` is not `gmail`, `watchingmicrosoftlikeahawk` is a joke site).
 */
function embeddedAtBoundary(sld: string, label: string): boolean {
  for (let i = sld.indexOf(label); i >= 0; i = sld.indexOf(label, i + 1)) {
    if (i === 0 || /[-0-9]/.test(sld[i - 1]!)) return true;
  }
  return false;
}

/** `paypal.com.account-check.net`: the brand's own domain spelled out in front of the attacker's. */
function subdomainPattern(label: string): RegExp {
  return new RegExp(`(^|[.-])${domainSkeleton(label).replace(/[^a-z0-9]/g, '')}[.-](com|net|org|co|de|us|uk|br|fr|it|es)([.-]|$)`);
}

/**
 * Finds the target a domain imitates, if any: same skeleton with different characters (homoglyph, punycode,
 * digit swaps), a small edit distance on the second-level label, the label embedded in a longer one, or the
 * org's label under another TLD. A domain that belongs to any target is never a look-alike. `subdomainLabels`
 * also counts a brand standing as a whole subdomain label, which is telling in a From address only;
 * `legitRoots` are real brand roots from the shipped brand list.
 */
export function findLookalike(
  domain: Domain,
  targets: readonly LookalikeTarget[],
  opts: { subdomainLabels?: boolean; legitRoots?: ReadonlySet<string> } = {},
): LookalikeMatch | null {
  if (!domain.valid || !domain.root_domain || isLegitimateFor(domain, targets) || opts.legitRoots?.has(domain.root_domain)) return null;
  const { sld, sub } = unicodeParts(domain);
  if (sld.length < 3) return null;
  const sk = domainSkeleton(sld);
  const bag = letterBag(sk);
  const subSk = sub ? domainSkeleton(sub) : '';
  const subLabels = opts.subdomainLabels && subSk ? subSk.split(/[.-]/) : [];
  const swapped = hasNonAscii(sld) || sk !== sld.toLowerCase();
  let best: LookalikeMatch | null = null;
  // Hundreds of targets per domain and up to a thousand domains per message: every branch starts with the
  // cheapest test that can rule the target out (string equality, lengths, letter counts, a substring).
  for (const t of targets) {
    let m: LookalikeMatch | null = null;
    if (sk === t.skeleton) {
      if (swapped) m = { target: t, how: 'homoglyph', distance: 0, confidence: 1 };
      else if (t.kind === 'org') m = { target: t, how: 'tld-swap', distance: 0, confidence: 0.8 };
    } else {
      if (t.maxDistance > 0 && sk.length >= 4 && Math.abs(sk.length - t.skeleton.length) <= t.maxDistance && bagLowerBound(bag, t.bag) <= t.maxDistance) {
        const d = editDistance(sk, t.skeleton, t.maxDistance);
        if (d <= t.maxDistance) m = { target: t, how: 'typo', distance: d, confidence: d === 1 ? 0.9 : 0.7 };
      }
      if (!m && t.embeddable) {
        if (sk.length > t.skeleton.length && sk.includes(t.skeleton) && embeddedAtBoundary(sk, t.skeleton)) m = { target: t, how: 'embedded', distance: 0, confidence: 0.8 };
        else if (subSk.includes(t.skeleton)) {
          if (t.inSubdomain.test(subSk)) m = { target: t, how: 'embedded', distance: 0, confidence: 0.8 };
          // Senders only: a brand as a whole subdomain label (amazon.desecur.xyz). Link hosts do this innocently.
          else if (subLabels.includes(t.skeleton)) m = { target: t, how: 'embedded', distance: 0, confidence: 0.7 };
        }
      }
    }
    if (m && (!best || m.confidence > best.confidence)) best = m;
  }
  return best;
}

const lookalikeMemo = new Memo<LookalikeMatch | null>(50_000);

/**
 * findLookalike, memoised per domain for a given target set and options: `scope` must identify them (the
 * org's domains and the list source), since the same host recurs across thousands of messages.
 */
export function findLookalikeCached(
  scope: string,
  domain: Domain,
  targets: readonly LookalikeTarget[],
  opts: { subdomainLabels?: boolean; legitRoots?: ReadonlySet<string> } = {},
): LookalikeMatch | null {
  return lookalikeMemo.get(`${scope}|${opts.subdomainLabels ? 1 : 0}|${domain.domain}`, () => findLookalike(domain, targets, opts));
}

/** A phrase for evidence: "looks like PayPal (paypal, look-alike characters)". */
export function describeLookalike(m: LookalikeMatch): string {
  const how: Record<LookalikeHow, string> = {
    homoglyph: 'look-alike characters',
    typo: `${m.distance} character${m.distance === 1 ? '' : 's'} off`,
    embedded: 'name embedded in another domain',
    'tld-swap': 'same name under another TLD',
  };
  return `imitates ${m.target.name} (${m.target.label}, ${how[m.how]})`;
}
