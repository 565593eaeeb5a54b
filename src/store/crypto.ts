import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope, rotation-ready: every ciphertext carries the id of the key that sealed it, so old
 * records stay readable after a new key becomes active. `context` is bound as additional authenticated data,
 * so a ciphertext copied to another tenant or record fails to open.
 */
export interface Keyring {
  activeId: string;
  keys: ReadonlyMap<string, Buffer>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAGIC = Buffer.from('MW1');

export function createKeyring(activeId: string, active: Buffer, previous: { id: string; key: Buffer }[] = []): Keyring {
  if (active.length !== 32) throw new Error('vault key must be 32 bytes');
  const keys = new Map<string, Buffer>();
  for (const p of previous) keys.set(p.id, p.key);
  keys.set(activeId, active);
  return { activeId, keys };
}

/** Binary envelope: "MW1" | idLen | id | iv | tag | ciphertext. */
export function sealBytes(ring: Keyring, plain: Uint8Array, context: string): Buffer {
  const key = ring.keys.get(ring.activeId)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const id = Buffer.from(ring.activeId);
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body]);
}

export function openBytes(ring: Keyring, sealed: Uint8Array, context: string): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < MAGIC.length + 1 || !buf.subarray(0, 3).equals(MAGIC)) throw new Error('not a sealed envelope');
  const idLen = buf[3]!;
  const id = buf.subarray(4, 4 + idLen).toString();
  const key = ring.keys.get(id);
  if (!key) throw new Error(`unknown key id ${id}`);
  let at = 4 + idLen;
  const iv = buf.subarray(at, (at += IV_BYTES));
  const tag = buf.subarray(at, (at += TAG_BYTES));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(at)), decipher.final()]);
}

/** Text form for database columns: "<keyId>.<base64 envelope>". */
export function sealText(ring: Keyring, plain: string, context: string): string {
  return `${ring.activeId}.${sealBytes(ring, Buffer.from(plain, 'utf8'), context).toString('base64')}`;
}

export function openText(ring: Keyring, sealed: string, context: string): string {
  const dot = sealed.indexOf('.');
  return openBytes(ring, Buffer.from(sealed.slice(dot + 1), 'base64'), context).toString('utf8');
}

/** The key id a sealed text was written with (for re-encryption after a rotation). */
export function sealedKeyId(sealed: string): string {
  return sealed.slice(0, sealed.indexOf('.'));
}
