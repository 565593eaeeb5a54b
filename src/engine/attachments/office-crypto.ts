/**
 * Password keys and package decryption for ECMA-376 encrypted OOXML ([MS-OFFCRYPTO] 2.3.4.7-2.3.4.15), with
 * node:crypto alone. `keyForPassword` does the expensive part (the spin loop) once per password and checks the
 * verifier, so a wrong password costs one derivation and no package decryption.
 */
import { createDecipheriv, createHash, hash as digest } from 'node:crypto';
import type { AgileEncryption, StandardEncryption } from './office-encryption-info.ts';

/** Block keys of the agile derivation: verifier input, verifier hash, encrypted key value. */
const BLOCK_VERIFIER_INPUT = Buffer.from([0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79]);
const BLOCK_VERIFIER_HASH = Buffer.from([0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e]);
const BLOCK_KEY_VALUE = Buffer.from([0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6]);
const SEGMENT_BYTES = 4096;
export const STANDARD_SPIN_COUNT = 50_000;

/** H0 = H(salt + password as UTF-16LE), Hn = H(LE32(n-1) + Hn-1): the spin loop. */
export function iteratedHash(hash: string, salt: Buffer, password: string, spinCount: number): Buffer {
  let h = createHash(hash).update(salt).update(Buffer.from(password, 'utf16le')).digest();
  const block = Buffer.alloc(4 + h.length);
  for (let i = 0; i < spinCount; i++) {
    block.writeUInt32LE(i, 0);
    h.copy(block, 4);
    h = digest(hash, block, 'buffer');
  }
  return h;
}

/** Truncates, or pads with 0x36, to `length` bytes (keys and IVs longer than the hash). */
function fit(bytes: Buffer, length: number): Buffer {
  if (bytes.length >= length) return bytes.subarray(0, length);
  return Buffer.concat([bytes, Buffer.alloc(length - bytes.length, 0x36)]);
}

function aes(mode: 'ecb' | 'cbc', key: Buffer, iv: Buffer | null, data: Buffer): Buffer {
  const usable = data.subarray(0, data.length - (data.length % 16));
  const decipher = createDecipheriv(`aes-${key.length * 8}-${mode}`, key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(usable), decipher.final()]);
}

/** The Standard key (2.3.4.7), checked against the verifier (2.3.4.9); null for a wrong password. */
export function standardKey(info: StandardEncryption, password: string): Buffer | null {
  const h = iteratedHash('sha1', info.salt, password, STANDARD_SPIN_COUNT);
  const final = createHash('sha1').update(h).update(Buffer.alloc(4)).digest();
  const derive = (pad: number): Buffer => {
    const block = Buffer.alloc(64, pad);
    for (let i = 0; i < final.length; i++) block[i]! ^= final[i]!;
    return createHash('sha1').update(block).digest();
  };
  const key = Buffer.concat([derive(0x36), derive(0x5c)]).subarray(0, info.keyBytes);
  const verifier = aes('ecb', key, null, info.encryptedVerifier);
  const expected = aes('ecb', key, null, info.encryptedVerifierHash).subarray(0, 20);
  return createHash('sha1').update(verifier).digest().equals(expected) ? key : null;
}

type AgilePassword = AgileEncryption['password'];

function agileBlockKey(p: AgilePassword, spun: Buffer, block: Buffer): Buffer {
  return fit(createHash(p.hash).update(spun).update(block).digest(), p.keyBytes);
}

/** Whether the spun password hash `spun` opens the agile verifier (2.3.4.13). */
export function agileVerifies(p: AgilePassword, spun: Buffer): boolean {
  if (p.encryptedVerifierHashInput.length < 16 || p.encryptedVerifierHashValue.length < 16) return false;
  const iv = fit(p.salt, p.blockBytes);
  const input = aes('cbc', agileBlockKey(p, spun, BLOCK_VERIFIER_INPUT), iv, p.encryptedVerifierHashInput).subarray(0, p.salt.length);
  const expected = aes('cbc', agileBlockKey(p, spun, BLOCK_VERIFIER_HASH), iv, p.encryptedVerifierHashValue).subarray(0, p.hashBytes);
  return expected.length === p.hashBytes && createHash(p.hash).update(input).digest().equals(expected);
}

/** The package's secret key, unlocked by the spun password hash (2.3.4.11). */
export function agileSecretKey(info: AgileEncryption, spun: Buffer): Buffer | null {
  const p = info.password;
  const secret = aes('cbc', agileBlockKey(p, spun, BLOCK_KEY_VALUE), fit(p.salt, p.blockBytes), p.encryptedKeyValue);
  return secret.length >= info.keyData.keyBytes ? secret.subarray(0, info.keyData.keyBytes) : null;
}

/** The agile package key: one spin loop, the verifier, then the secret key; null for a wrong password. */
export function agileKey(info: AgileEncryption, password: string): Buffer | null {
  const p = info.password;
  const spun = iteratedHash(p.hash, p.salt, password, p.spinCount);
  return agileVerifies(p, spun) ? agileSecretKey(info, spun) : null;
}

/** The package length the `EncryptedPackage` stream declares in its first 8 bytes. */
export function declaredPackageSize(stream: Buffer): number {
  if (stream.length < 8) return -1;
  const high = stream.readUInt32LE(4);
  return high === 0 ? stream.readUInt32LE(0) : Number.MAX_SAFE_INTEGER;
}

/** The first `size` bytes of the package; the caller has checked `size` against the stream and the budget. */
export function decryptPackage(info: StandardEncryption | AgileEncryption, key: Buffer, stream: Buffer, size: number): Buffer {
  const body = stream.subarray(8);
  if (info.kind === 'standard') return aes('ecb', key, null, body).subarray(0, size);
  const out: Buffer[] = [];
  for (let i = 0, at = 0; at < body.length && at < size; i++, at += SEGMENT_BYTES) {
    const index = Buffer.alloc(4);
    index.writeUInt32LE(i, 0);
    const iv = fit(createHash(info.keyData.hash).update(info.keyData.salt).update(index).digest(), info.keyData.blockBytes);
    out.push(aes('cbc', key, iv, body.subarray(at, at + SEGMENT_BYTES)));
  }
  return Buffer.concat(out).subarray(0, size);
}
