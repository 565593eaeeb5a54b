import { describe, expect, it } from 'vitest';
import { LzmaError, lzmaDecode, lzmaProperties } from '../../../../src/engine/attachments/lzma-decoder.ts';
import { sevenZipEncryption } from '../../../../src/engine/attachments/seven-zip-encryption.ts';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import { attachment, modelWith } from './fixtures/build-files.ts';
import { LZMA_PROPS, lzmaLiterals, sevenZip, sevenZipHeader } from './fixtures/build-lzma.ts';

/** `xz --format=lzma` of a short repetitive text: matches, rep matches and an end marker (hex, 70 bytes). */
const XZ_VECTOR = '5d00008000ffffffffffffffff003a1a08ce7649621f83683ff3b5a354b48d6bcddfb76559939e8ede1c60cbf587d26b6a81fa44650bdf7f3681b06ff8f7e431ffffef8e8000';
const XZ_PLAIN = 'the cat sat on the mat; the cat sat on the hat; the cat sat on the mat; abababababababababab 0123456789 0123456789 the hat';

describe('LZMA decoder', () => {
  it('decodes a stream with matches and repeats', () => {
    const stream = Buffer.from(XZ_VECTOR, 'hex');
    const out = lzmaDecode(stream, 13, lzmaProperties(stream.subarray(0, 5)), XZ_PLAIN.length, 1024);
    expect(Buffer.from(out).toString('latin1')).toBe(XZ_PLAIN);
  });

  it('round-trips a literal-only stream built by the test encoder', () => {
    const plain = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251);
    expect(Buffer.from(lzmaDecode(lzmaLiterals(plain), 0, lzmaProperties(LZMA_PROPS), plain.length, 4096)).equals(Buffer.from(plain))).toBe(true);
  });

  it('refuses hostile streams: truncated input, a declared size over the cap, a distance before the start, bad properties', () => {
    const plain = Buffer.from('some header bytes '.repeat(20));
    const stream = lzmaLiterals(plain);
    expect(() => lzmaDecode(stream.subarray(0, 20), 0, lzmaProperties(LZMA_PROPS), plain.length, 4096)).toThrow(LzmaError);
    expect(() => lzmaDecode(stream, 0, lzmaProperties(LZMA_PROPS), 1 << 30, 4096)).toThrow(LzmaError);
    expect(() => lzmaProperties(Uint8Array.from([225, 0, 0, 0, 0]))).toThrow(LzmaError);
    // Random bytes decode to garbage or fail, never loop or write past the declared size.
    for (let seed = 1; seed <= 50; seed++) {
      const junk = Uint8Array.from({ length: 200 }, (_, i) => (i === 0 ? 0 : (i * seed * 2654435761) >>> 24));
      try {
        expect(lzmaDecode(junk, 0, lzmaProperties(LZMA_PROPS), 500, 4096).length).toBeLessThanOrEqual(500);
      } catch (err) {
        expect(err).toBeInstanceOf(LzmaError);
      }
    }
  });
});

describe('7z encryption', () => {
  it('finds the AES coder inside an LZMA-encoded header, and not in a plain archive', () => {
    expect(sevenZipEncryption(sevenZip({ encrypted: true }))).toBe('encoded_header');
    expect(sevenZipEncryption(sevenZip({ encrypted: false }))).toBeNull();
  });

  it('finds the AES coder in a header stored in clear', () => {
    const header = Buffer.from(sevenZipHeader(true));
    const start = Buffer.alloc(32);
    Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]).copy(start);
    start.writeBigUInt64LE(0n, 12);
    start.writeBigUInt64LE(BigInt(header.length), 20);
    expect(sevenZipEncryption(new Uint8Array(Buffer.concat([start, header])))).toBe('header');
  });

  it('gives up quietly on a cut, corrupt or oversized encoded header', () => {
    const header = sevenZipHeader(true);
    const packed = lzmaLiterals(header);
    expect(sevenZipEncryption(sevenZip({ encrypted: true, cut: 10 }))).toBeNull();
    expect(sevenZipEncryption(sevenZip({ encrypted: true, packed: packed.subarray(0, packed.length - 8) }))).toBeNull();
    expect(sevenZipEncryption(sevenZip({ encrypted: true, unpackSize: 16_000 }))).toBeNull();
    const flipped = Uint8Array.from(packed);
    flipped[5] ^= 0xff;
    expect(sevenZipEncryption(sevenZip({ encrypted: true, packed: flipped }))).not.toBe('header');
    expect(sevenZipEncryption(sevenZip({ encrypted: true }).subarray(0, 31))).toBeNull();
  });

  it('flags the encrypted archive through the engine', async () => {
    const model = modelWith([attachment('invoice.7z', sevenZip({ encrypted: true })), attachment('photos.7z', sevenZip({ encrypted: false }))], 'the password is 1234');
    await analyzeAttachments(model, DEFAULT_LIMITS);
    expect(model.attachments[0]!.explode![0]!.flags).toEqual(['archive_not_unpacked', 'encrypted_archive']);
    expect(model.attachments[1]!.explode![0]!.flags).toEqual(['archive_not_unpacked']);
  });
});
