/**
 * What a RAR archive's headers say, read without decompressing (RAR 4 and RAR 5): whether anything is encrypted,
 * and the files it lists (names, sizes, directories). Both walk the header chain through one reader per format
 * (`rar5Blocks`, `rar4Blocks`); when the headers themselves are encrypted (RAR5 archive-encryption header, RAR4
 * MHD_PASSWORD) there is nothing to list and the listing is null.
 */

export interface RarMember {
  name: string;
  size: number;
  directory: boolean;
}

/** Headers walked at most for a listing: a listing of this many files is plenty, and a loop over junk ends. */
const MAX_HEADERS = 100_000;
/** Headers walked at most for the encryption check, which runs on every RAR. */
const MAX_ENCRYPTION_HEADERS = 500;

/** RAR5 vint: 7 bits per byte, high bit = more. Returns [value, next offset]. */
function vint(b: Uint8Array, p: number): [number, number] {
  let v = 0;
  for (let shift = 0; p < b.length && shift < 49; shift += 7) {
    const c = b[p++]!;
    v += (c & 0x7f) * 2 ** shift;
    if ((c & 0x80) === 0) break;
  }
  return [v, p];
}

/** One RAR5 block header: its type and flags, where its fields start, its extra area and data sizes. */
interface Rar5Block {
  type: number;
  flags: number;
  /** Header size, counted from `start`. */
  size: number;
  /** Offset just after the header-size field. */
  start: number;
  /** Offset of the type-specific fields (after the extra and data size fields). */
  fields: number;
  extraSize: number;
  dataSize: number;
}

/** The block headers of a RAR5 archive in order, up to the end-of-archive header or a header of no size. */
function* rar5Blocks(b: Uint8Array, maxHeaders: number): Generator<Rar5Block> {
  let p = 8;
  for (let n = 0; n < maxHeaders && p + 7 < b.length; n++) {
    const [size, start] = vint(b, p + 4);
    const [type, afterType] = vint(b, start);
    const [flags, afterFlags] = vint(b, afterType);
    let fields = afterFlags;
    let extraSize = 0;
    let dataSize = 0;
    if (flags & 1) [extraSize, fields] = vint(b, fields);
    if (flags & 2) [dataSize, fields] = vint(b, fields);
    yield { type, flags, size, start, fields, extraSize, dataSize };
    if (type === 5 || size <= 0) return;
    p = start + size + dataSize;
  }
}

/** One RAR4 block header at offset `at`. */
interface Rar4Block {
  at: number;
  type: number;
  flags: number;
  size: number;
}

/** The block headers of a RAR4 archive in order, up to the end-of-archive header or a header too small to be one. */
function* rar4Blocks(b: Uint8Array, maxHeaders: number): Generator<Rar4Block> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 7;
  for (let n = 0; n < maxHeaders && p + 7 <= b.length; n++) {
    const type = b[p + 2]!;
    const flags = dv.getUint16(p + 3, true);
    const size = dv.getUint16(p + 5, true);
    yield { at: p, type, flags, size };
    if (type === 0x7b || size < 7) return;
    const addSize = flags & 0x8000 && p + 11 <= b.length ? dv.getUint32(p + 7, true) : 0;
    p += size + addSize;
  }
}

const isRar5 = (b: Uint8Array): boolean => b[6] === 0x01;

/** A RAR5 file or service header whose extra area holds an encryption record (type 1). */
function hasEncryptionRecord(b: Uint8Array, h: Rar5Block): boolean {
  if ((h.type !== 2 && h.type !== 3) || h.extraSize <= 0) return false;
  const end = h.start + h.size;
  for (let e = end - h.extraSize; e < end && e < b.length; ) {
    const [recSize, r1] = vint(b, e);
    if (vint(b, r1)[0] === 1) return true;
    if (recSize <= 0) break;
    e = r1 + recSize;
  }
  return false;
}

/**
 * RAR encryption from the headers: RAR5 opens with an archive-encryption header (type 4) when names are
 * encrypted, and file headers carry an encryption extra record (type 1); RAR4 sets MHD_PASSWORD in the main
 * header or LHD_PASSWORD (0x04) in a file header. Walks at most a few hundred headers.
 */
export function rarEncrypted(b: Uint8Array): boolean {
  if (isRar5(b)) {
    for (const h of rar5Blocks(b, MAX_ENCRYPTION_HEADERS)) if (h.type === 4 || hasEncryptionRecord(b, h)) return true;
    return false;
  }
  for (const h of rar4Blocks(b, MAX_ENCRYPTION_HEADERS)) {
    if ((h.type === 0x73 && h.flags & 0x80) || (h.type === 0x74 && h.flags & 0x04)) return true;
  }
  return false;
}

function rar5Members(b: Uint8Array, max: number): RarMember[] | null {
  const out: RarMember[] = [];
  for (const h of rar5Blocks(b, MAX_HEADERS)) {
    if (out.length >= max) break;
    if (h.type === 4) return null;
    if (h.type !== 2) continue;
    const [fileFlags, a] = vint(b, h.fields);
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
  return out;
}

function rar4Members(b: Uint8Array, max: number): RarMember[] | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: RarMember[] = [];
  for (const { at: p, type, flags } of rar4Blocks(b, MAX_HEADERS)) {
    if (out.length >= max) break;
    if (type === 0x73 && flags & 0x80) return null;
    if (type !== 0x74 || p + 32 > b.length) continue;
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
  return out;
}

/** The members of a RAR archive (signature already checked), or null when its headers are encrypted. */
export function rarMembers(b: Uint8Array, max: number): RarMember[] | null {
  return isRar5(b) ? rar5Members(b, max) : rar4Members(b, max);
}
