/**
 * Builds raw MIME messages in code, so tests carry their own fixtures. Supports arbitrary headers,
 * multipart/alternative (text + html), attachments, nested multiparts, charsets and transfer encodings.
 */
import iconv from 'iconv-lite';

export type TransferEncoding = '7bit' | '8bit' | 'base64' | 'quoted-printable';

export interface EmlPart {
  contentType: string;
  charset?: string;
  encoding?: TransferEncoding;
  /** Text (encoded with `charset`) or raw bytes. */
  body: string | Uint8Array;
  filename?: string;
  disposition?: 'attachment' | 'inline';
  headers?: Record<string, string>;
}

export interface EmlSpec {
  from?: string;
  to?: string | string[];
  cc?: string | string[];
  subject?: string;
  date?: string;
  messageId?: string;
  /** Extra header lines in order; a header may repeat (Received, Authentication-Results). */
  headers?: [string, string][];
  text?: string;
  html?: string;
  charset?: string;
  encoding?: TransferEncoding;
  attachments?: EmlPart[];
  /** Replaces the whole body structure with these parts in one multipart/mixed. */
  parts?: EmlPart[];
  boundary?: string;
}

const CRLF = '\r\n';

export function buildEml(spec: EmlSpec): Buffer {
  const head: string[] = [];
  for (const [k, v] of spec.headers ?? []) head.push(`${k}: ${v}`);
  head.push(`From: ${spec.from ?? 'Alice Example <alice@example.com>'}`);
  head.push(`To: ${list(spec.to ?? 'bob@example.org')}`);
  if (spec.cc) head.push(`Cc: ${list(spec.cc)}`);
  head.push(`Subject: ${spec.subject ?? 'Hello'}`);
  head.push(`Date: ${spec.date ?? 'Mon, 01 Jan 2024 10:00:00 +0000'}`);
  head.push(`Message-ID: ${spec.messageId ?? '<test-1@example.com>'}`);
  head.push('MIME-Version: 1.0');
  const charset = spec.charset ?? 'utf-8';
  const encoding = spec.encoding ?? '8bit';
  const textParts: EmlPart[] = [];
  if (spec.text !== undefined) textParts.push({ contentType: 'text/plain', charset, encoding, body: spec.text });
  if (spec.html !== undefined) textParts.push({ contentType: 'text/html', charset, encoding, body: spec.html });
  let bodyPart: Buffer;
  const b = spec.boundary ?? 'b1_mixed';
  if (spec.parts) {
    bodyPart = multipart('mixed', spec.parts, b);
  } else {
    const alt: EmlPart | null = textParts.length === 2 ? { contentType: 'multipart/alternative', body: multipartBody(textParts, 'b2_alt'), headers: {}, encoding: '7bit' } : null;
    const main = alt ? { ...alt, contentType: 'multipart/alternative; boundary="b2_alt"' } : textParts[0];
    if (spec.attachments?.length) bodyPart = multipart('mixed', [...(main ? [main] : []), ...spec.attachments], b);
    else bodyPart = main ? renderPart(main) : Buffer.from(`Content-Type: text/plain${CRLF}${CRLF}`);
  }
  return Buffer.concat([Buffer.from(head.join(CRLF) + CRLF), bodyPart]);
}

/** A multipart entity (headers and body) holding `parts`. */
export function multipart(subtype: string, parts: EmlPart[], boundary: string): Buffer {
  return Buffer.concat([Buffer.from(`Content-Type: multipart/${subtype}; boundary="${boundary}"${CRLF}${CRLF}`), multipartBody(parts, boundary)]);
}

export function multipartBody(parts: EmlPart[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(`--${boundary}${CRLF}`), renderPart(p), Buffer.from(CRLF));
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return Buffer.concat(chunks);
}

export function renderPart(p: EmlPart): Buffer {
  const lines: string[] = [];
  const params = p.charset ? `; charset="${p.charset}"` : '';
  const name = p.filename ? `; name="${p.filename}"` : '';
  lines.push(`Content-Type: ${p.contentType}${params}${name}`);
  const encoding = p.encoding ?? (typeof p.body === 'string' ? '8bit' : 'base64');
  lines.push(`Content-Transfer-Encoding: ${encoding}`);
  if (p.disposition || p.filename) lines.push(`Content-Disposition: ${p.disposition ?? 'attachment'}${p.filename ? `; filename="${p.filename}"` : ''}`);
  for (const [k, v] of Object.entries(p.headers ?? {})) lines.push(`${k}: ${v}`);
  const bytes = typeof p.body === 'string' ? iconv.encode(p.body, p.charset ?? 'utf-8') : Buffer.from(p.body);
  return Buffer.concat([Buffer.from(lines.join(CRLF) + CRLF + CRLF), encode(bytes, encoding)]);
}

export function encode(bytes: Buffer, encoding: TransferEncoding): Buffer {
  if (encoding === 'base64') return Buffer.from((bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF) + CRLF);
  if (encoding === 'quoted-printable') return Buffer.from(quotedPrintable(bytes));
  return bytes;
}

/** RFC 2045 quoted-printable with soft line breaks at 76 characters. */
export function quotedPrintable(bytes: Buffer): string {
  let out = '';
  let line = 0;
  for (const byte of bytes) {
    if (byte === 10) {
      out += '\n';
      line = 0;
      continue;
    }
    const ch = (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32 || byte === 13 ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line + ch.length > 75) {
      out += '=\r\n';
      line = 0;
    }
    out += ch;
    line += ch.length;
  }
  return out;
}

/** An RFC 2047 encoded word (B encoding) in any charset iconv-lite knows. */
export function encodedWord(text: string, charset = 'utf-8'): string {
  return `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;
}

function list(v: string | string[]): string {
  return Array.isArray(v) ? v.join(', ') : v;
}
