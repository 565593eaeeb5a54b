/**
 * Image dimensions from the header alone, so a decompression bomb of an image (a tiny file declaring
 * 50000×50000 pixels) is refused before a single pixel is allocated.
 */
import type { FileKind } from './file-type.ts';

export interface ImageSize {
  width: number;
  height: number;
}

export function imageSize(b: Uint8Array, kind: FileKind): ImageSize | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (kind === 'png') return b.length >= 24 ? { width: dv.getUint32(16), height: dv.getUint32(20) } : null;
  if (kind !== 'jpeg') return null;
  // Walk the marker segments to the first start-of-frame (SOF0..SOF15 except DHT, JPG and DAC).
  let p = 2;
  for (let n = 0; p + 9 < b.length && n < 10_000; n++) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1]!;
    if (marker === 0xff) { p++; continue; }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { p += 2; continue; }
    const len = dv.getUint16(p + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: dv.getUint16(p + 5), width: dv.getUint16(p + 7) };
    }
    if (marker === 0xda || len < 2) return null;
    p += 2 + len;
  }
  return null;
}
