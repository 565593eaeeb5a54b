/**
 * A bounded memo for pure per-value work that repeats across messages (the same sender domains, link hosts
 * and display names arrive again and again in bulk campaigns). Cleared whole when full: simple and bounded.
 */
export class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string, compute: () => V): V {
    if (this.map.has(key)) return this.map.get(key) as V;
    const value = compute();
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A stable small id per object (a ListSource, a target list), for memo keys that depend on it. */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}
