/**
 * The `EncryptionInfo` stream of an encrypted OOXML package ([MS-OFFCRYPTO] 2.3.4.5 Standard, 2.3.4.10 Agile):
 * which cipher and hash protect the `EncryptedPackage`, the password salt and spin count, and the verifier
 * that tells a right password from a wrong one without decrypting the package. Only AES with SHA-1/SHA-2 is
 * described; anything else (Extensible encryption, RC2, DES, certificate-only agile) is `unsupported`.
 */

/** Standard encryption: AES-ECB, SHA-1, 50,000 spins, a 16-byte verifier and its SHA-1. */
export interface StandardEncryption {
  kind: 'standard';
  keyBytes: number;
  salt: Buffer;
  encryptedVerifier: Buffer;
  encryptedVerifierHash: Buffer;
}

/** Agile encryption: the password's key unlocks a random secret key that AES-CBC-decrypts 4096-byte segments. */
export interface AgileEncryption {
  kind: 'agile';
  /** The package's own key (keyData): hash for the segment IVs, salt, AES key size. */
  keyData: { hash: string; salt: Buffer; keyBytes: number; blockBytes: number };
  /** The password key encryptor. */
  password: {
    hash: string;
    hashBytes: number;
    salt: Buffer;
    spinCount: number;
    keyBytes: number;
    blockBytes: number;
    encryptedVerifierHashInput: Buffer;
    encryptedVerifierHashValue: Buffer;
    encryptedKeyValue: Buffer;
  };
}

export type OfficeEncryption = StandardEncryption | AgileEncryption | { kind: 'unsupported'; reason: string };

const AES_STANDARD: Record<number, number> = { 0x660e: 16, 0x660f: 24, 0x6610: 32 };
const HASHES: Record<string, { name: string; bytes: number }> = {
  SHA1: { name: 'sha1', bytes: 20 },
  SHA256: { name: 'sha256', bytes: 32 },
  SHA384: { name: 'sha384', bytes: 48 },
  SHA512: { name: 'sha512', bytes: 64 },
};
/** [MS-OFFCRYPTO] caps spinCount at 10,000,000; the caller charges every spin to the message's budget. */
const MAX_SPIN_COUNT = 10_000_000;

function unsupported(reason: string): OfficeEncryption {
  return { kind: 'unsupported', reason };
}

function parseStandard(info: Buffer): OfficeEncryption {
  if (info.length < 12) return unsupported('truncated header');
  const headerSize = info.readUInt32LE(8);
  const header = 12;
  const verifier = header + headerSize;
  if (headerSize < 32 || verifier + 4 + 16 + 16 + 4 + 32 > info.length) return unsupported('truncated header');
  const algId = info.readUInt32LE(header + 8);
  const keyBits = info.readUInt32LE(header + 16);
  const keyBytes = AES_STANDARD[algId];
  if (!keyBytes || (keyBits !== 0 && keyBits !== keyBytes * 8)) return unsupported(`algorithm 0x${algId.toString(16)}`);
  const saltSize = info.readUInt32LE(verifier);
  if (saltSize !== 16) return unsupported('salt size');
  const salt = info.subarray(verifier + 4, verifier + 20);
  return {
    kind: 'standard',
    keyBytes,
    salt,
    encryptedVerifier: info.subarray(verifier + 20, verifier + 36),
    encryptedVerifierHash: info.subarray(verifier + 40, verifier + 72),
  };
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out.set(m[1]!, m[2]!);
  return out;
}

function positiveInt(value: string | undefined, max: number): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && n <= max ? n : null;
}

function b64(value: string | undefined): Buffer {
  return Buffer.from(value ?? '', 'base64');
}

/** The cipher parameters shared by keyData and the password encryptor; null when not AES-CBC with a known hash. */
function aesCbc(attrs: Map<string, string>): { hash: string; hashBytes: number; salt: Buffer; keyBytes: number; blockBytes: number } | null {
  const hash = HASHES[(attrs.get('hashAlgorithm') ?? '').toUpperCase().replace('-', '')];
  const keyBits = positiveInt(attrs.get('keyBits'), 256);
  const salt = b64(attrs.get('saltValue'));
  if (!hash || attrs.get('cipherAlgorithm') !== 'AES' || attrs.get('cipherChaining') !== 'ChainingModeCBC') return null;
  if (keyBits === null || ![128, 192, 256].includes(keyBits) || salt.length < 1 || salt.length > 64) return null;
  if (positiveInt(attrs.get('blockSize'), 64) !== 16) return null;
  return { hash: hash.name, hashBytes: hash.bytes, salt, keyBytes: keyBits / 8, blockBytes: 16 };
}

function parseAgile(info: Buffer): OfficeEncryption {
  const xml = info.subarray(8, 8 + 64 * 1024).toString('utf8');
  const keyDataTag = /<(?:\w+:)?keyData\b[^>]*>/.exec(xml)?.[0];
  const passwordTag = /<(?:\w+:)?encryptedKey\b[^>]*\bspinCount\s*=[^>]*>/.exec(xml)?.[0];
  if (!keyDataTag) return unsupported('no keyData');
  if (!passwordTag) return unsupported('no password key encryptor');
  const keyData = aesCbc(attributes(keyDataTag));
  const attrs = attributes(passwordTag);
  const password = aesCbc(attrs);
  const spinCount = positiveInt(attrs.get('spinCount'), MAX_SPIN_COUNT);
  if (!keyData || !password) return unsupported('cipher or hash');
  if (spinCount === null) return unsupported('spin count');
  const verifierInput = b64(attrs.get('encryptedVerifierHashInput'));
  const verifierValue = b64(attrs.get('encryptedVerifierHashValue'));
  const keyValue = b64(attrs.get('encryptedKeyValue'));
  if (verifierInput.length < 16 || verifierValue.length < password.hashBytes || keyValue.length < keyData.keyBytes) return unsupported('verifier');
  return {
    kind: 'agile',
    keyData: { hash: keyData.hash, salt: keyData.salt, keyBytes: keyData.keyBytes, blockBytes: keyData.blockBytes },
    password: {
      ...password,
      spinCount,
      encryptedVerifierHashInput: verifierInput,
      encryptedVerifierHashValue: verifierValue,
      encryptedKeyValue: keyValue,
    },
  };
}

export function parseEncryptionInfo(info: Buffer): OfficeEncryption {
  if (info.length < 8) return unsupported('truncated header');
  const major = info.readUInt16LE(0);
  const minor = info.readUInt16LE(2);
  if (major === 4 && minor === 4) return parseAgile(info);
  if ([2, 3, 4].includes(major) && minor === 2) return parseStandard(info);
  if ([3, 4].includes(major) && minor === 3) return unsupported('extensible encryption');
  return unsupported(`version ${major}.${minor}`);
}
