/**
 * SZDD, the `COMPRESS.EXE` format of Windows 3.x/DOS setup disks (`SETUP.EX_`): an LZSS stream behind a 14-byte
 * header. Rare in mail, but trivial to unpack, and malware test sets use it to hide an executable. The output
 * is capped by the declared size, the byte budget and the compression ratio limit.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';

const WINDOW = 4096;

/** LZSS as SZDD uses it: a flag byte per 8 items, literals or (12-bit position, 4-bit length + 3) references. */
export function decodeSzdd(b: Uint8Array, maxOutput: number): { bytes: Uint8Array; declared: number } | null {
  if (b.length < 14 || b[8] !== 0x41) return null;
  const declared = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(10, true);
  const out = new Uint8Array(Math.min(declared, maxOutput));
  const window = new Uint8Array(WINDOW).fill(0x20);
  let pos = WINDOW - 16;
  let o = 0;
  let p = 14;
  while (p < b.length && o < out.length) {
    const control = b[p++]!;
    for (let bit = 0; bit < 8 && p < b.length && o < out.length; bit++) {
      if (control & (1 << bit)) {
        out[o++] = window[pos] = b[p++]!;
        pos = (pos + 1) & (WINDOW - 1);
        continue;
      }
      if (p + 1 >= b.length) break;
      let match = b[p]! | ((b[p + 1]! & 0xf0) << 4);
      const length = (b[p + 1]! & 0x0f) + 3;
      p += 2;
      for (let k = 0; k < length && o < out.length; k++) {
        out[o++] = window[pos] = window[match]!;
        match = (match + 1) & (WINDOW - 1);
        pos = (pos + 1) & (WINDOW - 1);
      }
    }
  }
  return { bytes: out.subarray(0, o), declared };
}

export async function analyseSzdd(ctx: AnalyserContext): Promise<void> {
  const { budget } = ctx;
  const cap = Math.min(budget.remainingExpandedBytes(), Math.max(ctx.bytes.length * budget.limits.maxCompressionRatio, 1024 * 1024));
  const decoded = decodeSzdd(ctx.bytes, cap);
  if (!decoded) {
    ctx.flag('corrupt_archive');
    return;
  }
  if (decoded.declared > cap) {
    ctx.flag(cap === budget.remainingExpandedBytes() ? 'expanded_limit' : 'archive_bomb');
    budget.hit(cap === budget.remainingExpandedBytes() ? 'expanded_bytes' : 'compression_ratio');
  }
  if (!budget.takeEntry()) {
    ctx.flag('entry_limit');
    return;
  }
  budget.counters.inflations++;
  budget.addExpanded(decoded.bytes.length);
  // The header keeps the last character of the extension that the `_` replaced (0 when unknown).
  const missing = ctx.bytes[9]!;
  const name = ctx.node.file_name && missing >= 0x21 && missing < 0x7f ? ctx.node.file_name.replace(/_$/, String.fromCharCode(missing)) : ctx.node.file_name?.replace(/\.szdd$/i, '') ?? null;
  setScan(ctx.node, 'archive', { format: 'szdd', unpacked: true, declared_size: decoded.declared });
  await ctx.child(name, decoded.bytes);
}
