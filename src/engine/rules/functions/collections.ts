/**
 * Collection helpers that take no lambda: `length`, `coalesce`, `sum`, `flatten`, `keys`, `values`.
 * (`any`, `all`, `filter`, `map` and `distinct` bind `.` and live in the compiler.)
 */
import { isNull, itemsOf } from '../values.ts';
import type { FnTable } from './types.ts';

export const COLLECTION_FUNCTIONS: FnTable = {
  length: {
    minArgs: 1,
    maxArgs: 1,
    call: ([v]) => {
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v instanceof Set) return v.size;
      if (v && typeof v === 'object') return Object.keys(v).length;
      return null;
    },
  },
  coalesce: { minArgs: 1, call: (args) => args.find((a) => !isNull(a)) ?? null },
  sum: {
    minArgs: 1,
    maxArgs: 1,
    call: ([v]) => {
      const items = itemsOf(v);
      if (!items) return null;
      let total = 0;
      for (const x of items) if (typeof x === 'number') total += x;
      return total;
    },
  },
  flatten: {
    minArgs: 1,
    maxArgs: 1,
    call: ([v]) => {
      const items = itemsOf(v);
      if (!items) return null;
      return items.flatMap((x) => (Array.isArray(x) ? x : isNull(x) ? [] : [x]));
    },
  },
  keys: { minArgs: 1, maxArgs: 1, call: ([v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : null) },
  values: { minArgs: 1, maxArgs: 1, call: ([v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.values(v) : null) },
};
