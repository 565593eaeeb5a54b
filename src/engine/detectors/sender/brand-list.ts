import type { ListSource } from '../../detector.ts';
import { brandDomainMap } from '../../lists/brands.ts';
import type { Brand } from './brands.ts';

/**
 * Roots on the shipped brand list that anyone can get a subdomain of (a Microsoft 365 trial tenant, an Azure
 * blob, a Salesforce site): the brand owns the root, but mail or links under it prove nothing about the brand.
 */
const SHARED_TENANT_ROOTS = new Set(['onmicrosoft.com', 'windows.net', 'force.com', 'secureserver.net', 'appspot.com', 'googleusercontent.com']);

interface ListedBrands {
  byName: Map<string, Set<string>>;
  roots: Set<string>;
}

const cache = new WeakMap<ListSource, ListedBrands>();

/** The shipped `brand_domains` list (brand name → its real root domains), read once per ListSource. */
export function listedBrands(lists: ListSource): ListedBrands {
  let hit = cache.get(lists);
  if (!hit) {
    const byName = new Map<string, Set<string>>();
    const roots = new Set<string>();
    for (const [name, domains] of brandDomainMap(lists)) {
      const kept = domains.filter((d) => !SHARED_TENANT_ROOTS.has(d));
      byName.set(name, new Set(kept));
      for (const d of kept) roots.add(d);
    }
    hit = { byName, roots };
    cache.set(lists, hit);
  }
  return hit;
}

/** True when the shipped list says this root domain is one of the brand's (matched by name or label). */
export function isListedBrandDomain(brand: Brand, rootDomain: string, lists: ListSource): boolean {
  const { byName } = listedBrands(lists);
  if (byName.size === 0) return false;
  const keys = [...brand.slds, ...brand.terms.map((t) => t.replace(/[^a-z0-9]/g, '')), brand.name.toLowerCase().replace(/[^a-z0-9]/g, '')];
  return keys.some((k) => byName.get(k)?.has(rootDomain) ?? false);
}
