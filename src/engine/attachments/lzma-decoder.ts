/**
 * A small LZMA (LZMA1, as in 7z headers and `.lzma` files) decoder, after the reference decoder in the LZMA SDK
 * specification. 7-Zip compresses an archive's header with LZMA, and that header is where file encryption shows
 * (the AES coder of each folder), so an encrypted 7z without encrypted names can only be told from a plain one
 * by decoding it. Hostile input is bounded: the output never exceeds `maxOutput`, every loop turn writes at least
 * one byte, and reading past the input is an error rather than a wait.
 */

const PROB_INIT = 1024;
const STATES = 12;
const POS_STATES_MAX = 16;
const END_POS_MODEL_INDEX = 14;
const FULL_DISTANCES = 128;
const ALIGN_BITS = 4;
const MATCH_MIN_LEN = 2;

export class LzmaError extends Error {}

/** Properties byte (lc, lp, pb) and dictionary size, the 5 bytes in front of every LZMA stream. */
export interface LzmaProperties {
  lc: number;
  lp: number;
  pb: number;
  dictSize: number;
}

export function lzmaProperties(props: Uint8Array): LzmaProperties {
  if (props.length < 5 || props[0]! >= 9 * 5 * 5) throw new LzmaError('bad LZMA properties');
  const d = props[0]!;
  const dictSize = (props[1]! | (props[2]! << 8) | (props[3]! << 16) | (props[4]! << 24)) >>> 0;
  return { lc: d % 9, lp: Math.floor(d / 9) % 5, pb: Math.floor(d / 45), dictSize };
}

class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  private pos: number;

  constructor(private readonly input: Uint8Array, start: number) {
    if (input[start] !== 0) throw new LzmaError('bad range coder start');
    this.pos = start + 1;
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.next()) >>> 0;
    if (this.code === this.range) throw new LzmaError('bad range coder start');
  }

  private next(): number {
    if (this.pos >= this.input.length) throw new LzmaError('LZMA input truncated');
    return this.input[this.pos++]!;
  }

  private normalize(): void {
    if (this.range < 0x1000000) {
      this.range = (this.range << 8) >>> 0;
      this.code = ((this.code << 8) | this.next()) >>> 0;
    }
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i]!;
    const bound = (this.range >>> 11) * p;
    let bit: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      bit = 0;
    } else {
      this.range = (this.range - bound) >>> 0;
      this.code = (this.code - bound) >>> 0;
      probs[i] = p - (p >>> 5);
      bit = 1;
    }
    this.normalize();
    return bit;
  }

  direct(count: number): number {
    let result = 0;
    for (let i = 0; i < count; i++) {
      this.range >>>= 1;
      let bit = 0;
      if (this.code >= this.range) {
        this.code = (this.code - this.range) >>> 0;
        bit = 1;
      }
      result = ((result << 1) | bit) >>> 0;
      this.normalize();
    }
    return result;
  }

  tree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) + this.bit(probs, offset + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const bit = this.bit(probs, offset + m);
      m = (m << 1) + bit;
      symbol |= bit << i;
    }
    return symbol;
  }
}

/** Choice, choice2, low[16 × 8], mid[16 × 8], high[256] in one array. */
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + POS_STATES_MAX * 8;
const LEN_HIGH = LEN_MID + POS_STATES_MAX * 8;
const LEN_PROBS = LEN_HIGH + 256;

function decodeLength(rc: RangeDecoder, probs: Uint16Array, posState: number): number {
  if (rc.bit(probs, 0) === 0) return rc.tree(probs, LEN_LOW + posState * 8, 3);
  if (rc.bit(probs, 1) === 0) return 8 + rc.tree(probs, LEN_MID + posState * 8, 3);
  return 16 + rc.tree(probs, LEN_HIGH, 8);
}

const probs = (n: number): Uint16Array => new Uint16Array(n).fill(PROB_INIT);

/**
 * Decodes `input` from `start` into at most `maxOutput` bytes. `unpackSize` is the size the container declares
 * (7z always declares it); decoding stops there, at an end marker, or fails when the data would exceed `maxOutput`.
 */
export function lzmaDecode(input: Uint8Array, start: number, props: LzmaProperties, unpackSize: number, maxOutput: number): Uint8Array {
  if (unpackSize > maxOutput) throw new LzmaError('LZMA output over the limit');
  const { lc, lp, pb } = props;
  const out = new Uint8Array(unpackSize);
  const rc = new RangeDecoder(input, start);
  const literal = probs(0x300 << (lc + lp));
  const isMatch = probs(STATES << 4);
  const isRep = probs(STATES);
  const isRepG0 = probs(STATES);
  const isRepG1 = probs(STATES);
  const isRepG2 = probs(STATES);
  const isRep0Long = probs(STATES << 4);
  const posSlot = probs(4 << 6);
  const posSpecial = probs(1 + FULL_DISTANCES - END_POS_MODEL_INDEX);
  const align = probs(1 << ALIGN_BITS);
  const lenProbs = probs(LEN_PROBS);
  const repLenProbs = probs(LEN_PROBS);
  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;
  let state = 0;
  let rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
  let pos = 0;

  while (pos < unpackSize) {
    const posState = pos & pbMask;
    if (rc.bit(isMatch, (state << 4) + posState) === 0) {
      const prev = pos > 0 ? out[pos - 1]! : 0;
      const base = 0x300 * (((pos & lpMask) << lc) + (prev >>> (8 - lc)));
      let symbol = 1;
      if (state >= 7) {
        let matchByte = out[pos - rep0 - 1]!;
        while (symbol < 0x100) {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const bit = rc.bit(literal, base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | bit;
          if (matchBit !== bit) break;
        }
      }
      while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(literal, base + symbol);
      out[pos++] = symbol - 0x100;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len: number;
    if (rc.bit(isRep, state) !== 0) {
      if (pos === 0) throw new LzmaError('LZMA repeat before any output');
      if (rc.bit(isRepG0, state) === 0) {
        if (rc.bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1]!;
          pos++;
          continue;
        }
      } else {
        let dist: number;
        if (rc.bit(isRepG1, state) === 0) {
          dist = rep1;
        } else {
          if (rc.bit(isRepG2, state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = decodeLength(rc, repLenProbs, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = decodeLength(rc, lenProbs, posState);
      state = state < 7 ? 7 : 10;
      rep0 = decodeDistance(rc, len, posSlot, posSpecial, align);
      if (rep0 === 0xffffffff) break; // end marker
    }
    if (rep0 >= pos) throw new LzmaError('LZMA distance before the start');
    len += MATCH_MIN_LEN;
    if (pos + len > unpackSize) throw new LzmaError('LZMA match past the declared size');
    for (let i = 0; i < len; i++, pos++) out[pos] = out[pos - rep0 - 1]!;
  }
  return pos === unpackSize ? out : out.subarray(0, pos);
}

function decodeDistance(rc: RangeDecoder, len: number, posSlot: Uint16Array, posSpecial: Uint16Array, align: Uint16Array): number {
  const lenState = Math.min(len, 3);
  const slot = rc.tree(posSlot, lenState << 6, 6);
  if (slot < 4) return slot;
  const directBits = (slot >>> 1) - 1;
  let dist = ((2 | (slot & 1)) << directBits) >>> 0;
  if (slot < END_POS_MODEL_INDEX) return (dist + rc.reverseTree(posSpecial, dist - slot, directBits)) >>> 0;
  dist = (dist + ((rc.direct(directBits - ALIGN_BITS) << ALIGN_BITS) >>> 0)) >>> 0;
  return (dist + rc.reverseTree(align, 0, ALIGN_BITS)) >>> 0;
}
