/**
 * A zip central-directory reader with bounded inflation. jszip refuses a whole archive as soon as one entry is
 * encrypted and cannot stop mid-inflate, and hostile archives need both: we must name the encrypted entries
 * (that is the finding) and cut a bomb off at the cap while counting the bytes. Node's zlib does the counting
 * (`maxOutputLength`), so a lying "uncompressed size" in the header cannot make us allocate more than the cap.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** General-purpose flag bit 0, or AES (method 99): the content cannot be read without a password. */
  encrypted: boolean;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  /** General-purpose flags; bit 3 means sizes and CRC follow the data (the ZipCrypto check byte changes). */
  flags: number;
  crc: number;
  modTime: number;
}

export interface ZipListing {
  entries: ZipEntry[];
  /** True when the central directory was missing or cut and entries were recovered from local headers. */
  recovered: boolean;
  /** Entries the directory declares (may exceed `entries.length` when listing stopped at the cap). */
  declaredCount: number;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function findEocd(b: Uint8Array, dv: DataView): number {
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= stop; i--) if (dv.getUint32(i, true) === EOCD) return i;
  return -1;
}

function decodeName(b: Uint8Array, flags: number): string {
  // Bit 11 says UTF-8; old tools wrote CP437, for which latin1 is a faithful-enough stand-in for names.
  return Buffer.from(b).toString(flags & 0x800 ? 'utf8' : 'latin1');
}

/** Reads the zip64 extra field for sizes the 32-bit fields mark as 0xFFFFFFFF. */
function zip64Sizes(extra: Uint8Array, e: Pick<ZipEntry, 'compressedSize' | 'uncompressedSize' | 'localHeaderOffset'>): void {
  const dv = view(extra);
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = dv.getUint16(p, true);
    const size = dv.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const next = (): number => {
        const v = q + 8 <= extra.length ? Number(dv.getBigUint64(q, true)) : 0;
        q += 8;
        return v;
      };
      if (e.uncompressedSize === 0xffffffff) e.uncompressedSize = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.localHeaderOffset === 0xffffffff) e.localHeaderOffset = next();
      return;
    }
    p += 4 + size;
  }
}

/** Lists at most `maxEntries` entries. Never throws on garbage: a non-zip yields an empty listing. */
export function listZip(b: Uint8Array, maxEntries: number): ZipListing {
  if (b.length < 22) return recoverFromLocalHeaders(b, maxEntries);
  const dv = view(b);
  const eocd = findEocd(b, dv);
  if (eocd < 0) return recoverFromLocalHeaders(b, maxEntries);
  const declaredCount = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  while (entries.length < maxEntries && p + 46 <= b.length && dv.getUint32(p, true) === CDH) {
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const name = decodeName(b.subarray(p + 46, p + 46 + nameLen), flags);
    const entry: ZipEntry = {
      name,
      flags,
      crc: dv.getUint32(p + 16, true),
      modTime: dv.getUint16(p + 12, true),
      encrypted: (flags & 1) === 1 || method === 99,
      method,
      compressedSize: dv.getUint32(p + 20, true),
      uncompressedSize: dv.getUint32(p + 24, true),
      localHeaderOffset: dv.getUint32(p + 42, true),
      isDirectory: name.endsWith('/'),
    };
    zip64Sizes(b.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), entry);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (entries.length === 0 && declaredCount > 0) return recoverFromLocalHeaders(b, maxEntries);
  return { entries, recovered: false, declaredCount: Math.max(declaredCount, entries.length) };
}

/** Walks local headers from the start: what an unzip tool does with a cut-off archive. */
function recoverFromLocalHeaders(b: Uint8Array, maxEntries: number): ZipListing {
  const entries: ZipEntry[] = [];
  if (b.length < 30) return { entries, recovered: true, declaredCount: 0 };
  const dv = view(b);
  let p = 0;
  while (entries.length < maxEntries && p + 30 <= b.length && dv.getUint32(p, true) === LFH) {
    const flags = dv.getUint16(p + 6, true);
    const method = dv.getUint16(p + 8, true);
    const compressedSize = dv.getUint32(p + 18, true);
    const nameLen = dv.getUint16(p + 26, true);
    const extraLen = dv.getUint16(p + 28, true);
    const name = decodeName(b.subarray(p + 30, p + 30 + nameLen), flags);
    entries.push({
      name, flags, crc: dv.getUint32(p + 14, true), modTime: dv.getUint16(p + 10, true),
      encrypted: (flags & 1) === 1 || method === 99, method, compressedSize,
      uncompressedSize: dv.getUint32(p + 22, true), localHeaderOffset: p, isDirectory: name.endsWith('/'),
    });
    // Sizes deferred to a data descriptor (bit 3) are unknown here: stop rather than guess.
    if (flags & 8 || compressedSize === 0xffffffff) break;
    p += 30 + nameLen + extraLen + compressedSize;
  }
  return { entries, recovered: true, declaredCount: entries.length };
}

/** The entry's compressed bytes, or null when its local header is out of bounds. */
export function entryData(b: Uint8Array, e: ZipEntry): Uint8Array | null {
  const p = e.localHeaderOffset;
  if (p + 30 > b.length) return null;
  const dv = view(b);
  if (dv.getUint32(p, true) !== LFH) return null;
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const end = Math.min(b.length, start + e.compressedSize);
  return start <= end ? b.subarray(start, end) : null;
}

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'cap' | 'unsupported_method' | 'corrupt' };

/**
 * Decompresses an entry, producing at most `cap` bytes. Hitting the cap aborts the inflation: zlib counts the
 * output as it goes, so the declared sizes are never trusted.
 */
export function inflateEntry(data: Uint8Array, method: number, cap: number): InflateResult {
  if (method === 0) return data.length > cap ? { ok: false, reason: 'cap' } : { ok: true, bytes: data };
  if (method !== 8) return { ok: false, reason: 'unsupported_method' };
  if (cap <= 0) return { ok: false, reason: 'cap' };
  try {
    const out = inflateRawSync(data, { maxOutputLength: cap });
    return { ok: true, bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: 'cap' };
    return { ok: false, reason: 'corrupt' };
  }
}
