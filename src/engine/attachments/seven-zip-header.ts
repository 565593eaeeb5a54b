/**
 * The building blocks of a 7z header (7zFormat.txt), shared by the encryption check (./seven-zip-encryption.ts)
 * and the file listing (./seven-zip-listing.ts): the property ids that tag each record, and a bounded reader of
 * its bytes and variable-length numbers.
 */

export const K_END = 0x00;
export const K_HEADER = 0x01;
export const K_ARCHIVE_PROPERTIES = 0x02;
export const K_ADDITIONAL_STREAMS_INFO = 0x03;
export const K_MAIN_STREAMS_INFO = 0x04;
export const K_FILES_INFO = 0x05;
export const K_PACK_INFO = 0x06;
export const K_UNPACK_INFO = 0x07;
export const K_SUBSTREAMS_INFO = 0x08;
export const K_SIZE = 0x09;
export const K_CRC = 0x0a;
export const K_FOLDER = 0x0b;
export const K_CODERS_UNPACK_SIZE = 0x0c;
export const K_NUM_UNPACK_STREAM = 0x0d;
export const K_EMPTY_STREAM = 0x0e;
export const K_EMPTY_FILE = 0x0f;
export const K_NAME = 0x11;
export const K_ENCODED_HEADER = 0x17;
/** Coders in one folder at most: 7-Zip writes a handful; a hostile count is refused before anything is read. */
export const MAX_CODERS = 32;

/** Reads 7z header structures; every read past the end throws a RangeError. */
export class Reader {
  constructor(readonly b: Uint8Array, public p: number) {}

  byte(): number {
    if (this.p >= this.b.length) throw new RangeError('7z header truncated');
    return this.b[this.p++]!;
  }

  /** 7z's variable-length number: the leading one bits of the first byte count the extra bytes. */
  number(): number {
    const first = this.byte();
    let mask = 0x80;
    let value = 0;
    for (let i = 0; i < 8; i++) {
      if ((first & mask) === 0) return value + (first & (mask - 1)) * 2 ** (8 * i);
      value += this.byte() * 2 ** (8 * i);
      mask >>= 1;
    }
    return value;
  }

  bytes(n: number): Uint8Array {
    if (this.p + n > this.b.length) throw new RangeError('7z header truncated');
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }
}
