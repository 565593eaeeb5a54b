/**
 * Whether a 7z archive is password-protected, from its header alone. 7z keeps the header at the end (offset and
 * size in the 32-byte start header). The 7zAES coder id (06 F1 07 01) shows in clear in a plain header, or in
 * the "encoded header" record when the header itself is encrypted (-mhe). By default, though, 7-Zip compresses
 * the header with LZMA, and the AES coders of the encrypted files are inside that compressed header: it is
 * decoded (bounded) and searched the same way.
 */
import { lzmaDecode, lzmaProperties } from './lzma-decoder.ts';
import { K_CODERS_UNPACK_SIZE, K_CRC, K_ENCODED_HEADER, K_END, K_FOLDER, K_HEADER, K_PACK_INFO, K_SIZE, K_UNPACK_INFO, MAX_CODERS, Reader } from './seven-zip-header.ts';

const AES = Buffer.from([0x06, 0xf1, 0x07, 0x01]);
const LZMA = Buffer.from([0x03, 0x01, 0x01]);
/** Headers list names and sizes: a few MiB covers archives of many thousands of files. */
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

interface Coder {
  id: Buffer;
  props: Uint8Array;
}

/** The streams info of an encoded header: where its packed stream is, its one folder's coders, the output size. */
interface EncodedHeader {
  packPos: number;
  packSize: number;
  coders: Coder[];
  unpackSize: number;
}

function readEncodedHeader(r: Reader): EncodedHeader | null {
  if (r.byte() !== K_PACK_INFO) return null;
  const packPos = r.number();
  const packStreams = r.number();
  if (packStreams !== 1 || r.byte() !== K_SIZE) return null;
  const packSize = r.number();
  let id = r.byte();
  if (id === K_CRC) {
    const defined = r.byte() !== 0 || (r.byte() & 0x80) !== 0; // all-defined flag, else a one-stream bit vector
    if (defined) r.bytes(4);
    id = r.byte();
  }
  if (id !== K_END) return null;
  if (r.byte() !== K_UNPACK_INFO || r.byte() !== K_FOLDER) return null;
  if (r.number() !== 1 || r.byte() !== 0) return null; // one folder, stored inline
  const count = r.number();
  if (count < 1 || count > MAX_CODERS) return null;
  const coders: Coder[] = [];
  let outStreams = 0;
  for (let i = 0; i < count; i++) {
    const flags = r.byte();
    const id = Buffer.from(r.bytes(flags & 0x0f));
    let out = 1;
    if (flags & 0x10) {
      r.number();
      out = r.number();
    }
    const props = flags & 0x20 ? r.bytes(r.number()) : new Uint8Array(0);
    coders.push({ id, props });
    outStreams += out;
  }
  // Bind pairs and packed-stream indexes only matter for multi-coder chains, which we do not decode.
  if (count > 1) return { packPos, packSize, coders, unpackSize: 0 };
  if (r.byte() !== K_CODERS_UNPACK_SIZE) return null;
  let unpackSize = 0;
  for (let i = 0; i < outStreams; i++) unpackSize = r.number();
  return { packPos, packSize, coders, unpackSize };
}

/** The decoded header of an LZMA-encoded one, or null when it is not that simple case or does not decode. */
function decodeHeader(b: Uint8Array, header: EncodedHeader): Uint8Array | null {
  if (header.coders.length !== 1 || !header.coders[0]!.id.equals(LZMA)) return null;
  const start = 32 + header.packPos;
  if (start + header.packSize > b.length || header.unpackSize > MAX_HEADER_BYTES) return null;
  try {
    const packed = b.subarray(start, start + header.packSize);
    return lzmaDecode(packed, 0, lzmaProperties(header.coders[0]!.props), header.unpackSize, MAX_HEADER_BYTES);
  } catch {
    return null;
  }
}

/** How a 7z archive's encryption was seen: `null` when no AES coder was found (or the header could not be read). */
export type SevenZipEncryption = 'header' | 'encoded_header' | null;

/** The header at the end of a 7z archive as stored, and the main header (kHeader …) when it could be read. */
export interface SevenZipHeaders {
  raw: Uint8Array;
  /** The stored header itself when plain; decoded when LZMA-encoded; null when encrypted or unreadable. */
  main: Uint8Array | null;
}

export function sevenZipHeaders(b: Uint8Array): SevenZipHeaders | null {
  if (b.length < 32) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const offset = 32 + Number(dv.getBigUint64(12, true));
  const size = Number(dv.getBigUint64(20, true));
  if (offset >= b.length || size <= 0) return null;
  const raw = b.subarray(offset, Math.min(b.length, offset + size, offset + MAX_HEADER_BYTES));
  if (raw[0] === K_HEADER) return { raw, main: raw };
  if (raw[0] !== K_ENCODED_HEADER || Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).includes(AES)) return { raw, main: null };
  let encoded: EncodedHeader | null;
  try {
    encoded = readEncodedHeader(new Reader(raw, 1));
  } catch {
    return { raw, main: null };
  }
  const main = encoded ? decodeHeader(b, encoded) : null;
  return { raw, main: main && main[0] === K_HEADER ? main : null };
}

export function sevenZipEncryption(b: Uint8Array): SevenZipEncryption {
  const h = sevenZipHeaders(b);
  return h ? encryptionOf(h) : null;
}

export function encryptionOf(h: SevenZipHeaders): SevenZipEncryption {
  if (Buffer.from(h.raw.buffer, h.raw.byteOffset, h.raw.byteLength).includes(AES)) return 'header';
  if (h.raw[0] !== K_ENCODED_HEADER || !h.main) return null;
  return Buffer.from(h.main.buffer, h.main.byteOffset, h.main.byteLength).includes(AES) ? 'encoded_header' : null;
}
