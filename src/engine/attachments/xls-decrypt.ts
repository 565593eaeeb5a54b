/**
 * Excel 97-2003 workbooks encrypted with RC4 ([MS-OFFCRYPTO] 2.3.6, "Office 97/2000 compatible", MD5) or RC4
 * CryptoAPI (2.3.5, SHA-1), as the FILEPASS record declares. Excel writes such files with the password
 * "VelvetSweatshop" when only the workbook structure is protected, and malware reuses that to hide Excel 4
 * macro sheets and DDE links from scanners. The key is rebuilt for every 1024-byte block of the Workbook
 * stream; record headers, and the few records [MS-XLS] 2.2.10 names, stay in clear.
 */
import { createHash } from 'node:crypto';

export type XlsEncryption =
  | { kind: 'rc4'; salt: Buffer; encryptedVerifier: Buffer; encryptedVerifierHash: Buffer }
  | { kind: 'rc4_cryptoapi'; salt: Buffer; keyBytes: number; encryptedVerifier: Buffer; encryptedVerifierHash: Buffer }
  | { kind: 'unsupported'; reason: string };

const BLOCK_BYTES = 1024;
/** BOF, FILEPASS, UsrExcl, FileLock, InterfaceHdr, RRDInfo, RRDHead: never encrypted. */
const CLEAR_RECORDS = new Set([0x0809, 0x002f, 0x0194, 0x0195, 0x00e1, 0x0196, 0x0138]);
const BOUNDSHEET = 0x0085;

/** Reads the FILEPASS record's body. */
export function parseFilePass(body: Buffer): XlsEncryption {
  if (body.length < 6) return { kind: 'unsupported', reason: 'truncated FILEPASS' };
  if (body.readUInt16LE(0) === 0) return { kind: 'unsupported', reason: 'XOR obfuscation' };
  const major = body.readUInt16LE(2);
  const minor = body.readUInt16LE(4);
  if (major === 1 && minor === 1 && body.length >= 54) {
    return { kind: 'rc4', salt: body.subarray(6, 22), encryptedVerifier: body.subarray(22, 38), encryptedVerifierHash: body.subarray(38, 54) };
  }
  if ([2, 3, 4].includes(major) && minor === 2 && body.length >= 14) {
    const headerSize = body.readUInt32LE(10);
    const header = 14;
    const verifier = header + headerSize;
    if (headerSize < 32 || verifier + 60 > body.length) return { kind: 'unsupported', reason: 'truncated FILEPASS' };
    const algId = body.readUInt32LE(header + 8);
    const keyBits = body.readUInt32LE(header + 16) || 40;
    if (algId !== 0x6801 && algId !== 0) return { kind: 'unsupported', reason: `algorithm 0x${algId.toString(16)}` };
    if (keyBits < 40 || keyBits > 128 || keyBits % 8 !== 0 || body.readUInt32LE(verifier) !== 16) return { kind: 'unsupported', reason: 'key or salt size' };
    return {
      kind: 'rc4_cryptoapi',
      salt: body.subarray(verifier + 4, verifier + 20),
      keyBytes: keyBits / 8,
      encryptedVerifier: body.subarray(verifier + 20, verifier + 36),
      encryptedVerifierHash: body.subarray(verifier + 40, verifier + 60),
    };
  }
  return { kind: 'unsupported', reason: `version ${major}.${minor}` };
}

/** RC4 keystream of `length` bytes (node:crypto's OpenSSL build leaves RC4 out). */
function keystream(key: Buffer, length: number): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(length);
  for (let n = 0, i = 0, j = 0; n < length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

function blockIndex(block: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(block, 0);
  return b;
}

/** The per-block key maker for one password: the password-only hashing is done once. */
export function blockKeys(info: Exclude<XlsEncryption, { kind: 'unsupported' }>, password: string): (block: number) => Buffer {
  const utf16 = Buffer.from(password.slice(0, 255), 'utf16le');
  if (info.kind === 'rc4') {
    const h0 = createHash('md5').update(utf16).digest().subarray(0, 5);
    const h1 = createHash('md5').update(Buffer.concat(Array.from({ length: 16 }, () => Buffer.concat([h0, info.salt])))).digest().subarray(0, 5);
    return (block) => createHash('md5').update(h1).update(blockIndex(block)).digest();
  }
  const h0 = createHash('sha1').update(info.salt).update(utf16).digest();
  return (block) => {
    const final = createHash('sha1').update(h0).update(blockIndex(block)).digest();
    // A 40-bit key is its 5 bytes followed by 88 zero bits.
    return info.keyBytes === 5 ? Buffer.concat([final.subarray(0, 5), Buffer.alloc(11)]) : final.subarray(0, info.keyBytes);
  };
}

/** Whether block 0's key decrypts the verifier to a value whose hash follows it. */
export function verifies(info: Exclude<XlsEncryption, { kind: 'unsupported' }>, key0: Buffer): boolean {
  const hashName = info.kind === 'rc4' ? 'md5' : 'sha1';
  const cipher = Buffer.concat([info.encryptedVerifier, info.encryptedVerifierHash]);
  const ks = keystream(key0, cipher.length);
  const plain = Buffer.from(cipher.map((c, i) => c ^ ks[i]!));
  const expected = createHash(hashName).update(plain.subarray(0, 16)).digest();
  return expected.equals(plain.subarray(16, 16 + expected.length));
}

/**
 * The workbook globals substream (up to its EOF record, where sheet types and external links live) in clear:
 * each encrypted byte is XORed with the keystream of its 1024-byte block at its offset in the stream. The
 * FILEPASS record is blanked so a later reader does not take the result as encrypted. Sheets after it are left
 * out: the work stays bounded by what is read.
 */
export function decryptWorkbookGlobals(stream: Uint8Array, keyFor: (block: number) => Buffer): Buffer {
  const out = Buffer.from(stream);
  let block = -1;
  let ks: Uint8Array = new Uint8Array(0);
  const at = (offset: number): number => {
    if (Math.floor(offset / BLOCK_BYTES) !== block) {
      block = Math.floor(offset / BLOCK_BYTES);
      ks = keystream(keyFor(block), BLOCK_BYTES);
    }
    return ks[offset % BLOCK_BYTES]!;
  };
  for (let p = 0; p + 4 <= out.length; ) {
    const type = out.readUInt16LE(p);
    const len = out.readUInt16LE(p + 2);
    const start = p + 4;
    const end = Math.min(start + len, out.length);
    if (type === 0x002f) {
      out.writeUInt16LE(0, p);
      out.fill(0, start, end);
    }
    else if (!CLEAR_RECORDS.has(type)) for (let i = type === BOUNDSHEET ? start + 4 : start; i < end; i++) out[i] = out[i]! ^ at(i);
    p = end;
    if (type === 0x000a) return out.subarray(0, end);
  }
  return out;
}
