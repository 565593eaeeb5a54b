/**
 * uuencode, as mail still carries it: `begin 644 name` ... `end` blocks in a text part or an attachment sent
 * with `Content-Transfer-Encoding: x-uuencode`, which MIME parsers hand over undecoded. Each block becomes a
 * file. The output of a block is at most three quarters of its text, so decoding cannot expand the input.
 */

export interface DecodedFile {
  name: string | null;
  bytes: Uint8Array;
}

const BEGIN = /^begin [0-7]{3,4} ([^\r\n]{1,260})\r?$/gm;

/** Decodes at most `maxFiles` uuencoded blocks of `text`. */
export function decodeUuencode(text: string, maxFiles: number): DecodedFile[] {
  const files: DecodedFile[] = [];
  for (const m of text.matchAll(BEGIN)) {
    if (files.length >= maxFiles) break;
    const start = m.index + m[0].length + 1;
    const chunks: Buffer[] = [];
    let p = start;
    while (p < text.length) {
      let eol = text.indexOf('\n', p);
      if (eol < 0) eol = text.length;
      const line = text.slice(p, eol).replace(/\r$/, '');
      p = eol + 1;
      if (line === 'end' || line === '`' || line === '') {
        if (line === 'end') break;
        continue;
      }
      const bytes = decodeLine(line);
      if (!bytes) break; // not uuencode any more: keep what was decoded
      chunks.push(bytes);
    }
    if (chunks.length) files.push({ name: m[1]!.trim(), bytes: new Uint8Array(Buffer.concat(chunks)) });
  }
  return files;
}

/** One line: a length character, then groups of four characters carrying three bytes. */
function decodeLine(line: string): Buffer | null {
  const length = (line.charCodeAt(0) - 32) & 63;
  if (length === 0) return Buffer.alloc(0);
  // Every character is in the 64-character range, and the line is as long as its count says (give or take
  // the padding some encoders trim or add): prose that happens to follow a "begin" line is neither.
  const expected = 1 + Math.ceil(length / 3) * 4;
  if (line.length < expected - 2 || line.length > expected + 2 || !/^[\x20-\x60]+$/.test(line)) return null;
  const out = Buffer.alloc(length);
  const six = (i: number): number => (i < line.length ? (line.charCodeAt(i) - 32) & 63 : 0);
  for (let o = 0, i = 1; o < length; i += 4) {
    const a = six(i), b = six(i + 1), c = six(i + 2), d = six(i + 3);
    out[o++] = (a << 2) | (b >> 4);
    if (o < length) out[o++] = ((b << 4) | (c >> 2)) & 0xff;
    if (o < length) out[o++] = ((c << 6) | d) & 0xff;
  }
  return out;
}
