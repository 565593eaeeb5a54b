/**
 * The per-message memo of pure sub-expressions, as an array indexed by slot. Every distinct normalised
 * sub-expression gets one slot number when its rule is compiled (identical ones in different rules share it),
 * so a lookup while evaluating is an array read instead of hashing a long key string in a Map.
 */
import type { Value } from './values.ts';

/** Slot numbers by normalised source (canon), for every rule compiled in this process. */
const slotsByKey = new Map<string, number>();

/** Marks a slot not computed yet for this message (any value, undefined and null included, can be stored). */
export const UNSET: unique symbol = Symbol('unset');

export type Slots = (Value | typeof UNSET)[];

export function slotOf(key: string): number {
  let id = slotsByKey.get(key);
  if (id === undefined) {
    id = slotsByKey.size;
    slotsByKey.set(key, id);
  }
  return id;
}

/**
 * The message's slot array, grown to cover every slot handed out so far (rules compiled after the message
 * started evaluating get theirs too). Filled, not sparse, so the array stays in V8's fast elements mode.
 */
export function growSlots(old: Slots | undefined): Slots {
  const slots = new Array<Value | typeof UNSET>(slotsByKey.size).fill(UNSET);
  if (old) for (let i = 0; i < old.length; i++) slots[i] = old[i];
  return slots;
}
