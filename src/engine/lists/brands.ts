/**
 * The shipped brand file names a brand and the root domains it really uses: `paypal paypal.com paypal.me`.
 * It becomes three lists: `brand_names`, `brand_root_domains`, and `brand_domains` holding `name:domain`
 * pairs, which `brandDomainMap` turns back into a map for detectors that need "which domains are PayPal's".
 */
import type { ListSource } from '../detector.ts';

export function parseBrandText(text: string, lists: Map<string, Set<string>>): void {
  const names = ensure(lists, 'brand_names');
  const roots = ensure(lists, 'brand_root_domains');
  const pairs = ensure(lists, 'brand_domains');
  for (const line of text.split(/\r?\n/)) {
    const [name, ...domains] = line.trim().toLowerCase().split(/\s+/);
    if (!name || name.startsWith('#')) continue;
    names.add(name);
    for (const d of domains) {
      roots.add(d);
      pairs.add(`${name}:${d}`);
    }
  }
}

/** brand name → its real root domains, from the `brand_domains` list. */
export function brandDomainMap(lists: ListSource): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!lists.has('brand_domains')) return map;
  for (const pair of lists.get('brand_domains')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) continue;
    const name = pair.slice(0, colon);
    const list = map.get(name) ?? [];
    list.push(pair.slice(colon + 1));
    map.set(name, list);
  }
  return map;
}

function ensure(lists: Map<string, Set<string>>, name: string): Set<string> {
  let set = lists.get(name);
  if (!set) lists.set(name, (set = new Set()));
  return set;
}
