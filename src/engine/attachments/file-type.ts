/**
 * The real type of a file, from its first bytes, never from its name or declared MIME type: attackers rename
 * executables to .pdf and declare HTML as text/plain. Text formats (HTML, SVG, RTF, .url, HTA) are recognised
 * by their leading markers after any BOM and whitespace.
 */

/** A short machine label for a file type (`zip`, `pdf`, `ole`, `pe`, `lnk`, ...). */
export type FileKind =
  | 'zip' | 'gzip' | 'bzip2' | 'xz' | 'rar' | '7z' | 'iso' | 'cab' | 'tar' | 'udf' | 'dmg' | 'xar' | 'arj' | 'cpio'
  | 'pdf' | 'ole' | 'rtf' | 'html' | 'svg' | 'xml' | 'hta' | 'email' | 'tnef' | 'szdd'
  | 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'tiff' | 'avif' | 'heic'
  | 'pe' | 'elf' | 'macho' | 'lnk' | 'onenote' | 'url_shortcut' | 'chm' | 'script'
  | 'text' | 'empty' | 'unknown';

export interface FileType {
  kind: FileKind;
  mime: string;
}

const MIME: Record<FileKind, string> = {
  zip: 'application/zip', gzip: 'application/gzip', bzip2: 'application/x-bzip2', xz: 'application/x-xz',
  rar: 'application/vnd.rar', '7z': 'application/x-7z-compressed', iso: 'application/x-iso9660-image',
  cab: 'application/vnd.ms-cab-compressed', tar: 'application/x-tar', udf: 'application/x-udf-image',
  dmg: 'application/x-apple-diskimage', xar: 'application/x-xar', arj: 'application/x-arj', cpio: 'application/x-cpio',
  email: 'message/rfc822', tnef: 'application/vnd.ms-tnef', szdd: 'application/x-ms-compress-szdd',
  pdf: 'application/pdf', ole: 'application/x-ole-storage', rtf: 'text/rtf', html: 'text/html',
  svg: 'image/svg+xml', xml: 'text/xml', hta: 'application/hta', png: 'image/png', jpeg: 'image/jpeg',
  gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp', tiff: 'image/tiff', avif: 'image/avif', heic: 'image/heic',
  pe: 'application/x-dosexec', elf: 'application/x-executable', macho: 'application/x-mach-binary',
  lnk: 'application/x-ms-shortcut', onenote: 'application/onenote', url_shortcut: 'application/x-mswinurl',
  chm: 'application/vnd.ms-htmlhelp', script: 'text/x-script', text: 'text/plain', empty: 'application/x-empty',
  unknown: 'application/octet-stream',
};

const ONENOTE_GUID = [0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d, 0xae, 0xb1, 0x53, 0x78, 0xd0, 0x29, 0x96, 0xd3];
const LNK_HEADER = [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function ascii(b: Uint8Array, at: number, len: number): string {
  if (at >= b.length) return '';
  return Buffer.from(b.buffer, b.byteOffset + at, Math.max(0, Math.min(len, b.length - at))).toString('latin1');
}

function binarySignature(b: Uint8Array): FileKind | null {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(b, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(b, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'rar';
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(b, [0x4d, 0x53, 0x43, 0x46])) return 'cab';
  if (startsWith(b, [0x49, 0x54, 0x53, 0x46])) return 'chm';
  if (startsWith(b, [0x78, 0x61, 0x72, 0x21])) return 'xar';
  if (startsWith(b, [0x60, 0xea])) return 'arj';
  if (ascii(b, 0, 6) === '070707' || ascii(b, 0, 6) === '070701' || ascii(b, 0, 6) === '070702') return 'cpio';
  if (startsWith(b, [0xc7, 0x71]) || startsWith(b, [0x71, 0xc7])) return 'cpio';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(b, [0x78, 0x9f, 0x3e, 0x22])) return 'tnef';
  if (ascii(b, 0, 8) === 'SZDD\x88\xf0\x27\x33') return 'szdd';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 0, 2) === 'BM' && b.length > 26) return 'bmp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(b, 4, 4) === 'ftyp') return /^(avif|avis)/.test(ascii(b, 8, 4)) ? 'avif' : /^(heic|heix|mif1|msf1|hevc)/.test(ascii(b, 8, 4)) ? 'heic' : null;
  if (ascii(b, 0, 2) === 'MZ') return 'pe';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if (startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xce, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xfe, 0xed, 0xfa, 0xcf]) || startsWith(b, [0xfe, 0xed, 0xfa, 0xce]) || startsWith(b, [0xca, 0xfe, 0xba, 0xbe])) return 'macho';
  if (startsWith(b, LNK_HEADER)) return 'lnk';
  if (startsWith(b, ONENOTE_GUID)) return 'onenote';
  if (ascii(b, 0x8001, 5) === 'CD001' || ascii(b, 0x8801, 5) === 'CD001' || ascii(b, 0x9001, 5) === 'CD001') return 'iso';
  if (ascii(b, 0x8001, 5) === 'BEA01' || ascii(b, 0x8001, 5) === 'NSR02' || ascii(b, 0x8001, 5) === 'NSR03') return 'udf';
  if (ascii(b, 257, 5) === 'ustar') return 'tar';
  if (b.length >= 512 && ascii(b, b.length - 512, 4) === 'koly') return 'dmg';
  return null;
}

/** Looks at the first kilobyte as text: markup, RTF and shortcut formats start with recognisable words. */
function textSignature(b: Uint8Array): FileKind | null {
  let head = ascii(b, 0, 1024);
  if (head.startsWith('\xef\xbb\xbf')) head = head.slice(3);
  if (head.startsWith('\xff\xfe') || head.startsWith('\xfe\xff')) head = Buffer.from(b.subarray(2, 2048)).toString('utf16le');
  const trimmed = head.trimStart();
  const lower = trimmed.toLowerCase();
  if (lower.startsWith('{\\rt')) return 'rtf';
  if (/^\[(internetshortcut|\{000214a0-0000-0000-c000-000000000046\})\]/i.test(trimmed)) return 'url_shortcut';
  if (MESSAGE_START.test(trimmed) && looksLikeMessage(ascii(b, 0, MESSAGE_HEAD_BYTES).trimStart())) return 'email';
  if (/<hta:application/i.test(head)) return 'hta';
  if (/<svg[\s>]/i.test(lower) && !/<html[\s>]/i.test(lower)) return 'svg';
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]|^<script[\s>]|^<meta[\s>]|^<form[\s>]|^<iframe[\s>]|^<div[\s>]|^<a\s[^>]*href\s*=|^<!--/.test(lower)) return 'html';
  if (/<html[\s>]|<script[\s>]|<body[\s>]/.test(lower)) return 'html';
  if (lower.startsWith('<?xml')) return 'xml';
  if (/^(#!\/|@echo off|' |option explicit|sub |function |var |powershell)/i.test(trimmed)) return 'script';
  if (isMostlyText(b)) return 'text';
  return null;
}

/** Real headers run long (Received, DKIM-Signature): the message test reads further than the first kilobyte. */
const MESSAGE_HEAD_BYTES = 16 * 1024;
const MESSAGE_START = /^(From \S|[\x21-\x39\x3b-\x7e]+:)/;
const MESSAGE_FIELDS = /^(from|to|cc|subject|date|message-id|received|mime-version|content-type|return-path|reply-to|x-mailer|delivered-to|dkim-signature|authentication-results):/i;

/**
 * A message (.eml, or an mbox starting with its "From " separator): the head up to the first blank line is
 * made of header fields and folded lines, and at least three of them are fields every mail carries.
 */
function looksLikeMessage(head: string): boolean {
  const lines = head.split(/\r?\n/);
  let i = /^From \S/.test(lines[0] ?? '') ? 1 : 0;
  let known = 0;
  for (; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (line === '') break;
    if (/^[ \t]/.test(line) && i > 0) continue;
    if (!/^[\x21-\x39\x3b-\x7e]+:/.test(line)) return false;
    if (MESSAGE_FIELDS.test(line)) known++;
  }
  return known >= 3;
}

function isMostlyText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 1024);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) bad++;
  }
  return bad / n < 0.02;
}

/** Sniffs the type of `bytes`. */
export function sniffFileType(bytes: Uint8Array): FileType {
  if (bytes.length === 0) return { kind: 'empty', mime: MIME.empty };
  const kind = binarySignature(bytes) ?? textSignature(bytes) ?? 'unknown';
  return { kind, mime: MIME[kind] };
}

/** Lower-case extension of a file name without the dot, or null. */
export function extensionOf(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return null;
  return base.slice(dot + 1).toLowerCase().trim();
}
