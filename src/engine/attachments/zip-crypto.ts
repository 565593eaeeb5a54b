/**
 * Traditional PKWARE ("ZipCrypto") decryption, so that a password-protected zip whose password the message
 * itself gives can be opened and inspected like any other. Only candidates taken from the message are tried,
 * a handful at most: this is reading what the sender told the recipient, not cracking.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crcByte(crc: number, b: number): number {
  return (CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8)) >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcByte(crc, bytes[i]!);
  return (crc ^ 0xffffffff) >>> 0;
}

class Keys {
  private k0 = 0x12345678;
  private k1 = 0x23456789;
  private k2 = 0x34567890;

  constructor(password: Uint8Array) {
    for (const c of password) this.update(c);
  }

  update(c: number): void {
    this.k0 = crcByte(this.k0, c);
    this.k1 = (Math.imul((this.k1 + (this.k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    this.k2 = crcByte(this.k2, this.k1 >>> 24);
  }

  decryptByte(c: number): number {
    const temp = (this.k2 | 2) & 0xffff;
    const plain = (c ^ ((Math.imul(temp, temp ^ 1) >>> 8) & 0xff)) & 0xff;
    this.update(plain);
    return plain;
  }
}

/**
 * Decrypts an entry's data (12-byte encryption header + ciphertext) with `password`. Returns null when the
 * header's check byte says the password is wrong; a 1-in-256 false accept is caught later by the CRC.
 */
export function zipDecrypt(data: Uint8Array, password: string, checkByte: number): Uint8Array | null {
  if (data.length < 12) return null;
  const keys = new Keys(Buffer.from(password, 'utf8'));
  let last = 0;
  for (let i = 0; i < 12; i++) last = keys.decryptByte(data[i]!);
  if (last !== checkByte) return null;
  const out = new Uint8Array(data.length - 12);
  for (let i = 12; i < data.length; i++) out[i - 12] = keys.decryptByte(data[i]!);
  return out;
}
