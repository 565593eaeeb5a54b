/**
 * Word 2003 XML keeps its embedded OLE objects in `oledata.mso` (a `w:binData` part): a compound file with one
 * stream per object, named `_<ObjectID>`, each a 32-bit uncompressed size followed by a zlib stream holding the
 * object's own compound file (with its Ole10Native payload). Inflated under the byte and ratio caps.
 */
import { inflateSync } from 'node:zlib';
import type { AnalysisBudget } from './budget.ts';

const OBJECT_STREAM = /^_\d{1,12}$/;

/** True for a stream shaped like a compressed object: the name, a plausible size, a zlib header. */
export function isCompressedOleObject(name: string, content: Uint8Array): boolean {
  if (!OBJECT_STREAM.test(name) || content.length < 8) return false;
  const cmf = content[4]!;
  const flg = content[5]!;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/** The inflated object; `limit` when a cap stopped it (the hit is recorded), `corrupt` when it does not inflate. */
export function inflateOleObject(content: Uint8Array, budget: AnalysisBudget): Uint8Array | 'limit' | 'corrupt' {
  const declared = new DataView(content.buffer, content.byteOffset, content.byteLength).getUint32(0, true);
  const cap = Math.min(budget.remainingExpandedBytes(), Math.max(content.length * budget.limits.maxCompressionRatio, 1024 * 1024), declared);
  budget.counters.inflations++;
  try {
    const out = inflateSync(content.subarray(4), { maxOutputLength: Math.max(1, cap) });
    budget.addExpanded(out.length);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE' && !(err instanceof RangeError)) return 'corrupt';
    budget.addExpanded(cap);
    budget.hit(cap === budget.remainingExpandedBytes() ? 'expanded_bytes' : 'compression_ratio');
    return 'limit';
  }
}
