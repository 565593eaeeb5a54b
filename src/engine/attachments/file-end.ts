/**
 * Where a file's own format says it ends, for the formats polyglots hide behind: a viewer shows the picture or
 * Windows runs the program, and an archive or executable appended after that end travels unseen. Each walker
 * reads only structure (segment lengths, headers, section tables) and is bounded by the file's length; null
 * means "could not tell", never "ends here".
 */

/** JPEG: marker segments up to the scan, then the entropy-coded data to the EOI marker (FF D9), scan after scan. */
export function jpegEnd(b: Uint8Array): number | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let p = 2;
  while (p + 2 <= b.length) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1]!;
    if (marker === 0xff) { p++; continue; } // fill byte
    if (marker === 0xd9) return p + 2;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { p += 2; continue; }
    if (p + 4 > b.length) return null;
    const length = (b[p + 2]! << 8) | b[p + 3]!;
    if (length < 2) return null;
    p += 2 + length;
    if (marker !== 0xda) continue;
    // Entropy-coded data: inside it 0xFF is followed by 0x00 (a stuffed byte), a restart marker or more fill;
    // the next real marker ends it. indexOf keeps a multi-megabyte photo off a JavaScript byte loop.
    for (;;) {
      p = buf.indexOf(0xff, p);
      if (p < 0 || p + 1 >= b.length) return null;
      const next = b[p + 1]!;
      if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) p++;
      else break;
    }
  }
  return null;
}

/** BMP: the file size the header declares (BITMAPFILEHEADER bytes 2-5), when it is plausible. */
export function bmpEnd(b: Uint8Array): number | null {
  if (b.length < 54 || b[0] !== 0x42 || b[1] !== 0x4d) return null;
  const size = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(2, true);
  return size >= 54 && size <= b.length ? size : null;
}

const MAX_SECTIONS = 96; // the loader's own limit

/**
 * PE: the end of the last section's raw data, or of the Authenticode certificate table when that comes later
 * (it sits past the sections, and a signed file is not an overlay).
 */
export function peEnd(b: Uint8Array): number | null {
  if (b.length < 0x40) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const pe = dv.getUint32(0x3c, true);
  if (pe + 24 > b.length || dv.getUint32(pe, false) !== 0x50450000) return null;
  const sections = dv.getUint16(pe + 6, true);
  const optionalSize = dv.getUint16(pe + 20, true);
  const optional = pe + 24;
  const table = optional + optionalSize;
  if (sections === 0 || sections > MAX_SECTIONS || table + sections * 40 > b.length) return null;
  let end = table + sections * 40;
  for (let i = 0; i < sections; i++) {
    const s = table + i * 40;
    const rawSize = dv.getUint32(s + 16, true);
    const rawPointer = dv.getUint32(s + 20, true);
    if (rawSize > 0) end = Math.max(end, rawPointer + rawSize);
  }
  const magic = optionalSize >= 2 ? dv.getUint16(optional, true) : 0;
  const securityEntry = optional + (magic === 0x20b ? 112 : 96) + 4 * 8;
  if ((magic === 0x10b || magic === 0x20b) && securityEntry + 8 <= table) {
    const certOffset = dv.getUint32(securityEntry, true);
    const certSize = dv.getUint32(securityEntry + 4, true);
    if (certOffset >= end && certSize > 0) end = Math.max(end, certOffset + certSize);
  }
  return end;
}

/** Size of a GIF colour table from its packed flags byte (0 when the flag says there is none). */
function colourTable(packed: number): number {
  return packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
}

/** Skips GIF data sub-blocks (a length byte, that many bytes, until a zero length); null when cut. */
function skipSubBlocks(b: Uint8Array, p: number): number | null {
  while (p < b.length) {
    const size = b[p]!;
    p += 1 + size;
    if (size === 0) return p;
  }
  return null;
}

/** GIF: header, screen descriptor and colour table, then extensions and images to the trailer byte (0x3B). */
export function gifEnd(b: Uint8Array): number | null {
  if (b.length < 14 || Buffer.from(b.buffer, b.byteOffset, 6).toString('latin1').slice(0, 3) !== 'GIF') return null;
  let p: number | null = 13 + colourTable(b[10]!);
  while (p !== null && p < b.length) {
    const block: number = b[p]!;
    if (block === 0x3b) return p + 1;
    if (block === 0x21) {
      p = skipSubBlocks(b, p + 2);
    } else if (block === 0x2c) {
      if (p + 10 > b.length) return null;
      p = skipSubBlocks(b, p + 10 + colourTable(b[p + 9]!) + 1);
    } else {
      return null;
    }
  }
  return null;
}
