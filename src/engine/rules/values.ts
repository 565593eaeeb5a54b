/**
 * MQL value semantics. A missing field is null; null is false in a boolean position, so `not <null>` is true;
 * every comparison with a null operand is false (`!=` too); functions given null return null.
 */
export type Value = unknown;

export function isNull(v: Value): v is null | undefined {
  return v === null || v === undefined;
}

export function truthy(v: Value): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  return true;
}

/** Items of an array, a Set (a `$list`) or null (none). Anything else is not iterable in MQL. */
export function itemsOf(v: Value): readonly unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof Set) return [...v];
  return null;
}

export function eq(a: Value, b: Value): boolean {
  if (isNull(a) || isNull(b)) return false;
  return a === b;
}

export function ieq(a: Value, b: Value): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return eq(a, b);
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

export function order(a: Value, b: Value): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

export function member(obj: Value, key: string): Value {
  if (obj === null || obj === undefined || typeof obj !== 'object') return null;
  const v = (obj as Record<string, unknown>)[key];
  return v === undefined ? null : v;
}

export function str(v: Value): string | null {
  return typeof v === 'string' ? v : null;
}

export function num(v: Value): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
