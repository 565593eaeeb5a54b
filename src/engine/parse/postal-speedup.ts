import PostalMime from 'postal-mime';
import { installPostalLineLoop, sourceFingerprint } from './postal-line-loop.ts';

/**
 * postal-mime 4 joins each decoded part through `new Blob(chunks).arrayBuffer()`. On Node 20 that path is
 * slow (a stream read per chunk, one chunk per line) and dominated parsing: ~7 ms for a 25 KB HTML mail.
 * We replace that last join with one copy into a single buffer, and base64 units are decoded natively; both
 * yield the same bytes. The decoder classes are
 * internal, so they are reached through a parser instance; if postal-mime's internals change shape the patch
 * is simply not applied and parsing stays correct, only slower. Tests over every transfer encoding pin it.
 */
type Chunk = Uint8Array | ArrayBuffer | string;
interface DecoderLike {
  chunks: Chunk[];
  pushChunk?: (base64: string) => void;
  finalize(): Promise<ArrayBuffer>;
  flushRemainder?: () => void;
  flushBuffer?: () => void;
  update?: (line: Uint8Array) => void;
  remainder?: string;
  maxChunkSize?: number;
}
interface NodeLike {
  contentDecoder: DecoderLike | null;
  setupContentDecoder(encoding: string): void;
}

const patched = new WeakSet<object>();
let installed = false;

export function installPostalSpeedup(): boolean {
  if (installed) return true;
  installPostalLineLoop();
  const probe = new PostalMime() as unknown as { root?: NodeLike };
  const nodeProto = probe.root ? (Object.getPrototypeOf(probe.root) as NodeLike) : null;
  if (!nodeProto || typeof nodeProto.setupContentDecoder !== 'function') return false;
  const original = nodeProto.setupContentDecoder;
  nodeProto.setupContentDecoder = function (this: NodeLike, encoding: string) {
    original.call(this, encoding);
    const decoder = this.contentDecoder;
    if (decoder && Array.isArray(decoder.chunks)) patchDecoder(Object.getPrototypeOf(decoder) as DecoderLike);
  };
  installed = true;
  return true;
}

function patchDecoder(proto: DecoderLike): void {
  if (patched.has(proto) || typeof proto.finalize !== 'function') return;
  patched.add(proto);
  // The base64 decoder: decode each unit natively instead of in a JavaScript loop. It already strips every
  // character outside the alphabet and splits at padding, so the native decoder sees the same input.
  const base64 = typeof proto.pushChunk === 'function' && typeof proto.flushRemainder === 'function';
  if (base64) {
    proto.pushChunk = function (this: DecoderLike, text: string) {
      if (text.length) this.chunks.push(Buffer.from(text, 'base64'));
    };
    patchBase64Update(proto);
  }
  proto.finalize = function (this: DecoderLike) {
    // The same flushes the original finalize makes before joining (base64 remainder, QP buffer).
    if (typeof this.flushRemainder === 'function') this.flushRemainder();
    if (typeof this.flushBuffer === 'function') this.flushBuffer();
    // Line-based decoders (7bit/8bit, quoted-printable) end every line with LF, the last one too; but the line
    // break before a boundary belongs to the boundary (RFC 2046 5.1.1). Dropping it gives attachments their
    // real bytes, so their hashes match the original file.
    return Promise.resolve(join(this.chunks, !base64));
  };
}

/** The base64 decoder's `update` this fast path was written against (see patchBase64Update). */
const BASE64_UPDATE_FINGERPRINT = '3d77b2772c4b90c7';
/** 1 for the characters of the base64 alphabet except '=': a line of only these needs no cleaning. */
const BASE64_PLAIN = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_PLAIN[c.charCodeAt(0)] = 1;
const NO_BYTES = new Uint8Array(0);
/** Set once the fast path is in place (on the first base64 part parsed): tests check it still applies. */
export let base64FastPath = false;

/**
 * postal-mime's base64 `update` decodes each line to a string, strips characters outside the alphabet and
 * splits at padding before appending to the pending text. A line made only of alphabet characters (nearly every
 * line) comes out of all that unchanged, so it is appended directly; any other line takes the original path.
 * Installed only when `update` is the code it mirrors (fingerprint), like the line loop.
 */
function patchBase64Update(proto: DecoderLike): void {
  const original = proto.update;
  if (typeof original !== 'function' || sourceFingerprint(original) !== BASE64_UPDATE_FINGERPRINT) return;
  base64FastPath = true;
  proto.update = function (this: DecoderLike, line: Uint8Array) {
    for (let i = 0; i < line.length; i++) {
      if (BASE64_PLAIN[line[i]!] === 0) return original.call(this, line);
    }
    this.remainder += Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1');
    // Past its chunk size the original hands the aligned part on; called with no bytes it does only that.
    if (this.remainder!.length >= this.maxChunkSize!) original.call(this, NO_BYTES);
  };
}

function join(chunks: Chunk[], dropFinalLf: boolean): ArrayBuffer {
  // The pass-through decoder pushes each line and then the string '\n': measure and write strings in place
  // rather than allocating a buffer for every one.
  let total = 0;
  let lastByte = -1;
  for (const c of chunks) {
    const n = typeof c === 'string' ? (c === '\n' ? 1 : Buffer.byteLength(c, 'utf8')) : c.byteLength;
    if (n === 0) continue;
    total += n;
    lastByte = typeof c === 'string' ? lastUtf8Byte(c) : c instanceof Uint8Array ? c[c.byteLength - 1]! : new Uint8Array(c, c.byteLength - 1, 1)[0]!;
  }
  if (dropFinalLf && lastByte === 10) total--;
  const out = Buffer.alloc(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    if (typeof c === 'string') {
      if (c === '\n') out[at++] = 10;
      else at += out.write(c, at, 'utf8');
      continue;
    }
    const p = c instanceof Uint8Array ? c : new Uint8Array(c);
    const n = Math.min(p.byteLength, total - at);
    if (n === 0) continue;
    out.set(n === p.byteLength ? p : p.subarray(0, n), at);
    at += n;
  }
  return out.buffer;
}

/** The last byte of a string's UTF-8 form: only whether it is LF matters, and LF is one byte. */
function lastUtf8Byte(s: string): number {
  return s.charCodeAt(s.length - 1) === 10 ? 10 : -1;
}
