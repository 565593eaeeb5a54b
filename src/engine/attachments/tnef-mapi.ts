/**
 * MAPI property blocks of a TNEF stream (attAttachment, attMsgProps): a count, then for each property its type,
 * id, an optional name (named properties), and its value(s). Only what the analysis uses is kept: strings and
 * binary values by property id. Every length is checked against the block, and the property count is capped.
 */

const MAX_PROPS = 2000;
const MAX_VALUES = 1000;
const FIXED_SIZES: Record<number, number> = {
  0x0002: 4, 0x0003: 4, 0x0004: 4, 0x000a: 4, 0x000b: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x0014: 8, 0x0040: 8, 0x0048: 16,
};
const STRING8 = 0x001e;
const UNICODE = 0x001f;
const BINARY = 0x0102;
const OBJECT = 0x000d;
const MULTI = 0x1000;

export interface MapiValue {
  type: number;
  bytes: Uint8Array;
}

/** The properties of one block by id (first value of each); stops quietly at the first malformed property. */
export function readMapiProps(b: Uint8Array): Map<number, MapiValue> {
  const props = new Map<number, MapiValue>();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u32 = (p: number): number | null => (p + 4 <= b.length ? dv.getUint32(p, true) : null);
  const count = u32(0);
  if (count === null) return props;
  let p = 4;
  for (let n = 0; n < Math.min(count, MAX_PROPS); n++) {
    if (p + 4 > b.length) break;
    const type = dv.getUint16(p, true);
    const id = dv.getUint16(p + 2, true);
    p += 4;
    if (id >= 0x8000) {
      // Named property: a GUID, a kind, then a number or a length-prefixed UTF-16 name (padded to 4 bytes).
      const kind = u32(p + 16);
      if (kind === null) break;
      p += 20;
      if (kind === 0) p += 4;
      else {
        const length = u32(p);
        if (length === null || length > b.length) break;
        p += 4 + Math.ceil(length / 4) * 4;
      }
    }
    const base = type & ~MULTI;
    const fixed = FIXED_SIZES[base];
    let first: Uint8Array | null = null;
    if (fixed !== undefined) {
      let values = 1;
      if (type & MULTI) {
        const c = u32(p);
        if (c === null || c > MAX_VALUES) break;
        values = c;
        p += 4;
      }
      if (p + fixed * values > b.length) break;
      first = b.subarray(p, p + fixed);
      p += fixed * values;
    } else if (base === STRING8 || base === UNICODE || base === BINARY || base === OBJECT) {
      const values = u32(p);
      if (values === null || values > MAX_VALUES) break;
      p += 4;
      let ok = true;
      for (let v = 0; v < values; v++) {
        const length = u32(p);
        if (length === null || p + 4 + length > b.length) {
          ok = false;
          break;
        }
        if (v === 0) first = b.subarray(p + 4, p + 4 + length);
        p += 4 + Math.ceil(length / 4) * 4;
      }
      if (!ok) break;
    } else {
      break; // an unknown type: its size is unknown, so nothing after it can be read
    }
    if (first && !props.has(id)) props.set(id, { type: base, bytes: first });
  }
  return props;
}

/** A string property's text (8-bit or UTF-16), without its terminating NUL. */
export function mapiString(value: MapiValue | undefined): string | null {
  if (!value || (value.type !== STRING8 && value.type !== UNICODE)) return null;
  const text = Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength).toString(value.type === UNICODE ? 'utf16le' : 'latin1');
  return text.replace(/\0+$/, '').slice(0, 260) || null;
}

export const PR_ATTACH_DATA_OBJ = 0x3701;
export const PR_ATTACH_LONG_FILENAME = 0x3707;
export const PR_DISPLAY_NAME = 0x3001;
export const OBJECT_TYPE = OBJECT;
