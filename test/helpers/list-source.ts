import type { ListSource } from '../../src/engine/detector.ts';

/** A ListSource over in-test lists; unknown names are empty, as with the shipped lists. */
export function listSource(lists: Record<string, string[]> = {}): ListSource {
  const sets = new Map(Object.entries(lists).map(([k, v]) => [k, new Set(v.map((x) => x.toLowerCase()))]));
  return {
    get: (name) => sets.get(name) ?? new Set<string>(),
    has: (name) => sets.has(name),
  };
}
