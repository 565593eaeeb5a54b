/**
 * The files a RAR archive lists in its headers (RAR 4 and RAR 5), read without decompressing: names, sizes,
 * directories. When the headers themselves are encrypted (RAR5 archive-encryption header, RAR4 MHD_PASSWORD)
 * there is nothing to read and the listing is null.
 */

export interface RarMember {
  name: string;
  size: number;
  directory: boolean;
}

/** Headers walked at most: a listing of this many files is plenty, and a loop over junk ends. */
const MAX_HEADERS = 100_000;

/** RAR5 vint: 7 bits per byte, high bit = more. Returns [value, next offset]. */
export function vint(b: Uint8Array, p: number): [number, number] {
  let v = 0;
  for (let shift = 0; p < b.length && shift < 49; shift += 7) {
    const c = b[p++]!;
    v += (c & 0x7f) * 2 ** shift;
    if ((c & 0x80) === 0) break;
  }
  return [v, p];
}

function rar5Members(b: Uint8Array, max: number): RarMember[] | null {
  const out: RarMember[] = [];
  let p = 8;
  for (let n = 0; n < MAX_HEADERS && p + 7 < b.length && out.length < max; n++) {
    const [size, afterSize] = vint(b, p + 4);
    const [type, afterType] = vint(b, afterSize);
    if (type === 4) return null;
    const [flags, afterFlags] = vint(b, afterType);
    let q = afterFlags;
    let dataSize = 0;
    if (flags & 1) [, q] = vint(b, q);
    if (flags & 2) [dataSize, q] = vint(b, q);
    if (type === 2) {
      const [fileFlags, a] = vint(b, q);
      const [unpacked, c] = vint(b, a);
      let r = vint(b, c)[1]; // attributes
      if (fileFlags & 2) r += 4; // mtime
      if (fileFlags & 4) r += 4; // data CRC
      r = vint(b, vint(b, r)[1])[1]; // compression info, host OS
      const [nameLength, nameAt] = vint(b, r);
      if (nameAt + nameLength > b.length) break;
      const name = Buffer.from(b.buffer, b.byteOffset + nameAt, nameLength).toString('utf8');
      out.push({ name, size: fileFlags & 8 ? 0 : unpacked, directory: (fileFlags & 1) !== 0 });
    }
    if (type === 5 || size <= 0) break;
    p = afterSize + size + dataSize;
  }
  return out;
}

function rar4Members(b: Uint8Array, max: number): RarMember[] | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: RarMember[] = [];
  let p = 7;
  for (let n = 0; n < MAX_HEADERS && p + 7 <= b.length && out.length < max; n++) {
    const type = b[p + 2]!;
    const flags = dv.getUint16(p + 3, true);
    const size = dv.getUint16(p + 5, true);
    if (type === 0x73 && flags & 0x80) return null;
    if (type === 0x74 && p + 32 <= b.length) {
      const high = flags & 0x100 && p + 40 <= b.length ? dv.getUint32(p + 36, true) : 0;
      const unpacked = high * 2 ** 32 + dv.getUint32(p + 11, true);
      const nameSize = dv.getUint16(p + 26, true);
      const nameAt = p + 32 + (flags & 0x100 ? 8 : 0);
      if (nameAt + nameSize > b.length) break;
      const raw = Buffer.from(b.buffer, b.byteOffset + nameAt, nameSize);
      // With the Unicode flag the name is "ascii\0encoded-unicode"; the ASCII part is the name as stored.
      const zero = raw.indexOf(0);
      const name = (flags & 0x200 && zero >= 0 ? raw.subarray(0, zero) : raw).toString(flags & 0x200 ? 'utf8' : 'latin1');
      out.push({ name, size: unpacked, directory: (flags & 0xe0) === 0xe0 });
    }
    if (type === 0x7b || size < 7) break;
    const addSize = flags & 0x8000 && p + 11 <= b.length ? dv.getUint32(p + 7, true) : 0;
    p += size + addSize;
  }
  return out;
}

/** The members of a RAR archive (signature already checked), or null when its headers are encrypted. */
export function rarMembers(b: Uint8Array, max: number): RarMember[] | null {
  return b[6] === 0x01 ? rar5Members(b, max) : rar4Members(b, max);
}
