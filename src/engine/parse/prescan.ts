import type { Limits } from '../limits.ts';

/** What the pre-scan kept of the raw message, and what it had to cut. */
export interface Prescan {
  bytes: Uint8Array;
  warnings: string[];
  truncated: boolean;
  /** MIME parts kept (the message itself counts as one). */
  parts: number;
  /** Deepest multipart nesting kept. */
  depth: number;
}

/** Part headers are small; looking further for the end of one would let a hostile part cost a full rescan. */
const PART_HEADER_LOOKAHEAD = 64 * 1024;

/**
 * Enforces our limits before the MIME parser sees the message: byte cap, header cap, and a single linear pass
 * over boundary lines that cuts the message where the part count or the multipart depth would exceed its cap.
 * postal-mime rejects (rather than truncates) on its own caps and has no part cap, so this is what bounds it.
 */
export function prescan(raw: Uint8Array, limits: Limits): Prescan {
  const warnings: string[] = [];
  let truncated = false;
  let bytes = raw;
  if (bytes.length > limits.maxMessageBytes) {
    bytes = bytes.subarray(0, limits.maxMessageBytes);
    warnings.push(`message truncated to maxMessageBytes=${limits.maxMessageBytes} (was ${raw.length} bytes)`);
    truncated = true;
  }
  // Bytes, not a string: a 50 MB message is scanned in place instead of being copied into a string first.
  let s = view(bytes);
  const head = headerEnd(s, 0, s.length);
  if (head.end > limits.maxHeaderBytes) {
    const cut = Math.max(0, s.lastIndexOf(LF, limits.maxHeaderBytes) + 1);
    const body = head.bodyStart >= 0 ? bytes.subarray(head.bodyStart) : new Uint8Array(0);
    bytes = concat(bytes.subarray(0, cut), CRLF, body);
    s = view(bytes);
    warnings.push(`header block truncated to maxHeaderBytes=${limits.maxHeaderBytes}`);
    truncated = true;
  }
  const walk = walkParts(s, limits);
  if (walk.cutAt !== null) {
    bytes = bytes.subarray(0, walk.cutAt);
    warnings.push(walk.reason!);
    truncated = true;
  }
  return { bytes, warnings, truncated, parts: walk.parts, depth: walk.depth };
}

interface Walk {
  parts: number;
  depth: number;
  cutAt: number | null;
  reason: string | null;
}

function walkParts(s: Buffer, limits: Limits): Walk {
  const stack: Buffer[] = [];
  let parts = 1;
  const top = headerEnd(s, 0, s.length);
  const first = describePart(s.toString('latin1', 0, Math.min(top.end, PART_HEADER_LOOKAHEAD)));
  let pending = openPart(first, top.bodyStart, s, stack, limits);
  if (pending !== null) return { parts, depth: stack.length, cutAt: 0, reason: pending };
  let depth = stack.length;
  let pos = Math.max(0, top.end - 1);
  while (stack.length > 0) {
    const hit = s.indexOf(DELIMITER, pos);
    if (hit < 0) break;
    pos = hit + 3;
    const level = matchBoundary(s, pos, stack);
    if (level < 0) continue;
    const after = pos + stack[level]!.length;
    if (s[after] === DASH && s[after + 1] === DASH) {
      stack.length = level; // closing delimiter: this multipart and everything inside it end here
      continue;
    }
    stack.length = level + 1;
    parts++;
    if (parts > limits.maxParts) {
      return { parts: parts - 1, depth, cutAt: hit, reason: `MIME parts cut at maxParts=${limits.maxParts}` };
    }
    const lineEnd = s.indexOf(LF, after);
    if (lineEnd < 0) break;
    const ph = headerEnd(s, lineEnd + 1, Math.min(s.length, lineEnd + 1 + PART_HEADER_LOOKAHEAD));
    pending = openPart(describePart(s.toString('latin1', lineEnd + 1, ph.end)), ph.bodyStart, s, stack, limits);
    if (pending !== null) return { parts: parts - 1, depth, cutAt: hit, reason: pending };
    if (stack.length > depth) depth = stack.length;
    pos = lineEnd;
  }
  return { parts, depth, cutAt: null, reason: null };
}

interface PartInfo {
  type: string;
  boundary: string | null;
  encoding: string;
}

/** Pushes the boundary of a multipart part (following inline message/rfc822 headers); a reason when too deep. */
function openPart(info: PartInfo, bodyStart: number, s: Buffer, stack: Buffer[], limits: Limits): string | null {
  let current = info;
  let start = bodyStart;
  for (let nested = 0; nested <= limits.maxMimeDepth; nested++) {
    if (current.type.startsWith('multipart/') && current.boundary) {
      if (stack.length + 1 > limits.maxMimeDepth) return `MIME nesting cut at maxMimeDepth=${limits.maxMimeDepth}`;
      stack.push(Buffer.from(current.boundary, 'latin1'));
      return null;
    }
    const inlineMessage = current.type === 'message/rfc822' && !/base64|quoted/.test(current.encoding);
    if (!inlineMessage || start < 0) return null;
    const h = headerEnd(s, start, Math.min(s.length, start + PART_HEADER_LOOKAHEAD));
    current = describePart(s.toString('latin1', start, h.end));
    start = h.bodyStart;
  }
  return `MIME nesting cut at maxMimeDepth=${limits.maxMimeDepth}`;
}

function matchBoundary(s: Buffer, pos: number, stack: Buffer[]): number {
  for (let i = stack.length - 1; i >= 0; i--) {
    const b = stack[i]!;
    if (pos + b.length <= s.length && s.compare(b, 0, b.length, pos, pos + b.length) === 0) return i;
  }
  return -1;
}

const CONTENT_TYPE = /^content-type:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im;
const ENCODING = /^content-transfer-encoding:[ \t]*([^\r\n;]*)/im;
const BOUNDARY = /boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/i;

function describePart(header: string): PartInfo {
  const ct = CONTENT_TYPE.exec(header);
  const value = ct ? ct[1]! : '';
  const type = (value.split(';')[0] ?? '').trim().toLowerCase();
  const b = type.startsWith('multipart/') ? BOUNDARY.exec(value) : null;
  const enc = ENCODING.exec(header);
  return { type, boundary: b ? (b[1] ?? b[2])!.trim() : null, encoding: enc ? enc[1]!.trim().toLowerCase() : '' };
}

/** End of the header block starting at `from` (index of the blank line) and where the body starts (-1: none). */
function headerEnd(s: Buffer, from: number, limit: number): { end: number; bodyStart: number } {
  if (s[from] === LF) return { end: from, bodyStart: from + 1 };
  if (s[from] === CR && s[from + 1] === LF) return { end: from, bodyStart: from + 2 };
  // Search a window, not the rest of the message: a part without a blank line must not cost a full scan.
  const w = s.subarray(from, limit);
  const lf = w.indexOf(BLANK_LF);
  const crlf = w.indexOf(BLANK_CRLF);
  const a = lf < 0 ? Infinity : from + lf;
  const b = crlf < 0 ? Infinity : from + crlf;
  if (a === Infinity && b === Infinity) return { end: limit, bodyStart: -1 };
  return a <= b ? { end: a + 1, bodyStart: a + 2 } : { end: b + 1, bodyStart: b + 3 };
}

const CRLF = new Uint8Array([13, 10, 13, 10]);
const LF = 10;
const CR = 13;
const DASH = 45;
const DELIMITER = Buffer.from('\n--', 'latin1');
const BLANK_LF = Buffer.from('\n\n', 'latin1');
const BLANK_CRLF = Buffer.from('\n\r\n', 'latin1');

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function concat(...chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks);
}
