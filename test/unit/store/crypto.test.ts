import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, openBytes, openText, sealBytes, sealText, sealedKeyId } from '../../../src/store/crypto.ts';

describe('vault crypto envelope', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('round-trips, is randomised, and names its key', () => {
    const ring = createKeyring('k1', k1);
    const a = sealText(ring, 'client-secret', 'tenant:t1');
    const b = sealText(ring, 'client-secret', 'tenant:t1');
    expect(a).not.toBe(b);
    expect(sealedKeyId(a)).toBe('k1');
    expect(openText(ring, a, 'tenant:t1')).toBe('client-secret');
  });

  it('refuses another context (a ciphertext moved to another tenant) and tampering', () => {
    const ring = createKeyring('k1', k1);
    const sealed = sealBytes(ring, Buffer.from('raw message'), 'vault:t1:m1');
    expect(() => openBytes(ring, sealed, 'vault:t2:m1')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openBytes(ring, tampered, 'vault:t1:m1')).toThrow();
  });

  it('rotation: a new active key still opens what the previous key sealed; an unknown key id fails clearly', () => {
    const old = createKeyring('k1', k1);
    const sealed = sealText(old, 'refresh-token', 'ctx');
    const rotated = createKeyring('k2', k2, [{ id: 'k1', key: k1 }]);
    expect(openText(rotated, sealed, 'ctx')).toBe('refresh-token');
    expect(sealedKeyId(sealText(rotated, 'x', 'ctx'))).toBe('k2');
    expect(() => openText(createKeyring('k2', k2), sealed, 'ctx')).toThrow(/unknown key id k1/);
  });
});
