/**
 * BinHex 4.0, the classic Mac encoding still found in old mail and in malware test sets: 6-bit characters
 * between colons, then run-length coding (0x90), then a header (name, type, creator, fork lengths) and the data
 * and resource forks. The run-length step can expand its input 127-fold, so the output is capped by the caller.
 */

export const BINHEX_MARKER = '(This file must be converted with BinHex';

const ALPHABET = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export interface BinHexFile {
  name: string;
  data: Uint8Array;
  resource: Uint8Array;
  /** True when the forks are shorter than the header says (cut text or the output cap). */
  truncated: boolean;
  /** True when the output cap stopped the run-length expansion. */
  capped: boolean;
}

/** Decodes the first BinHex 4.0 block of `text`, producing at most `maxOutput` bytes; null when there is none. */
export function decodeBinHex(text: string, maxOutput: number): BinHexFile | null {
  const marker = text.indexOf(BINHEX_MARKER);
  if (marker < 0) return null;
  const open = text.indexOf(':', marker + BINHEX_MARKER.length);
  if (open < 0) return null;
  // 6-bit characters to bytes (line breaks and whitespace are ignored; anything else ends the block).
  const packed: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) break;
    if (c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) continue;
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) break;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      packed.push((acc >> bits) & 0xff);
    }
    if (packed.length > maxOutput) break;
  }
  const raw = unRunLength(packed, maxOutput);
  return parseForks(raw.bytes, raw.capped);
}

/** 0x90 n repeats the previous byte n-1 more times; 0x90 0x00 is a literal 0x90. */
function unRunLength(packed: number[], maxOutput: number): { bytes: Uint8Array; capped: boolean } {
  // Size first, so a run-length bomb allocates no more than the cap.
  let total = 0;
  for (let i = 0; i < packed.length; i++) {
    if (packed[i] === 0x90 && i + 1 < packed.length) total += packed[++i] === 0 ? 1 : packed[i]! - 1;
    else total++;
  }
  const out = new Uint8Array(Math.min(total, maxOutput));
  let o = 0;
  let prev = 0;
  for (let i = 0; i < packed.length && o < out.length; i++) {
    const c = packed[i]!;
    if (c !== 0x90 || i + 1 >= packed.length) {
      out[o++] = prev = c;
      continue;
    }
    const n = packed[++i]!;
    if (n === 0) out[o++] = prev = 0x90;
    for (let k = 1; k < n && o < out.length; k++) out[o++] = prev;
  }
  return { bytes: out, capped: total > out.length };
}

function parseForks(b: Uint8Array, capped: boolean): BinHexFile | null {
  if (b.length < 1) return null;
  const nameLength = b[0]!;
  const header = 1 + nameLength + 1 + 4 + 4 + 2 + 4 + 4 + 2;
  if (nameLength < 1 || nameLength > 63 || b.length < header) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const name = Buffer.from(b.buffer, b.byteOffset + 1, nameLength).toString('latin1');
  const dataLength = dv.getUint32(1 + nameLength + 1 + 10);
  const resourceLength = dv.getUint32(1 + nameLength + 1 + 14);
  const dataEnd = Math.min(b.length, header + dataLength);
  const resourceStart = Math.min(b.length, header + dataLength + 2);
  const resourceEnd = Math.min(b.length, resourceStart + resourceLength);
  return {
    name,
    data: b.subarray(header, dataEnd),
    resource: b.subarray(resourceStart, resourceEnd),
    capped,
    truncated: capped || dataEnd - header < dataLength || resourceEnd - resourceStart < resourceLength,
  };
}
