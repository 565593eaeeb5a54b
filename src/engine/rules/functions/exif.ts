/**
 * `beta.parse_exif(.)`: document and image metadata read locally, in exiftool's field names. What we extract:
 * a PDF's Info dictionary (Title, Author, Subject, Keywords, Creator, Producer) and XMP (CreatorTool, Producer),
 * its page count; an image's width and height (from the attachment analysis); PNG tEXt chunks. Fields we do
 * not read (JPEG/TIFF EXIF tags, Office properties inside compressed parts, exiftool's own warnings) are absent,
 * so conditions on them do not hold, as for a file without that metadata.
 */
import type { Attachment } from '../../../core/message.ts';
import type { Value } from '../values.ts';
import type { FnTable } from './types.ts';

const MAX_BYTES = 8 * 1024 * 1024;
const PDF_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'];

/** A PDF string literal or hex string, decoded (UTF-16BE when it starts with a BOM). */
function pdfString(raw: string): string {
  let bytes: number[];
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s+/g, '');
    bytes = [];
    for (let i = 0; i + 1 < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  } else {
    const body = raw.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
      /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e,
    );
    bytes = [...body].map((c) => c.charCodeAt(0) & 0xff);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return s;
  }
  return Buffer.from(bytes).toString('latin1');
}

function pdfFields(text: string, fields: Map<string, string>): void {
  for (const key of PDF_KEYS) {
    const m = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`).exec(text);
    if (m) fields.set(key, pdfString(m[1]!));
  }
  for (const [tag, key] of [['xmp:CreatorTool', 'CreatorTool'], ['pdf:Producer', 'Producer'], ['dc:creator', 'Creator']] as const) {
    const m = new RegExp(`<${tag}>(?:\\s*<rdf:Seq>\\s*<rdf:li>)?([^<]*)<`).exec(text);
    if (m && !fields.has(key)) fields.set(key, m[1]!.trim());
  }
  const pages = text.match(/\/Type\s*\/Page(?![s\w])/g)?.length;
  if (pages) fields.set('PageCount', String(pages));
}

function pngText(bytes: Uint8Array, fields: Map<string, string>): void {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const len = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
    if (type === 'tEXt' && at + 8 + len <= bytes.length) {
      const chunk = Buffer.from(bytes.subarray(at + 8, at + 8 + len)).toString('latin1');
      const nul = chunk.indexOf('\0');
      if (nul > 0) fields.set(chunk.slice(0, nul), chunk.slice(nul + 1));
    }
    if (type === 'IEND' || len > bytes.length) break;
    at += 12 + len;
  }
}

export function parseExif(a: Attachment): Value {
  const raw = a.raw;
  if (!raw) return null;
  const bytes = raw.subarray(0, MAX_BYTES);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const fields = new Map<string, string>();
  if (text.startsWith('%PDF-')) pdfFields(text, fields);
  else if (text.startsWith('\x89PNG')) pngText(bytes, fields);
  const image = a.explode?.[0]?.scan?.image as { width?: number; height?: number } | undefined;
  if (image?.width) fields.set('ImageWidth', String(image.width));
  if (image?.height) fields.set('ImageHeight', String(image.height));
  const get = (k: string) => fields.get(k) ?? null;
  const num = (k: string) => (fields.has(k) ? Number(fields.get(k)) : null);
  return {
    fields: [...fields].map(([key, value]) => ({ key, value })),
    title: get('Title'),
    author: get('Author'),
    creator: get('Creator') ?? get('CreatorTool'),
    producer: get('Producer'),
    page_count: num('PageCount'),
    image_width: num('ImageWidth'),
    image_height: num('ImageHeight'),
  };
}

const parsedExif = new WeakMap<object, Value>();

export const EXIF_FUNCTIONS: FnTable = {
  'beta.parse_exif': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) => {
      if (!a || typeof a !== 'object' || !('content_type' in a)) return null;
      // Rules call it per attachment inside lambdas (no memo there): parse each attachment once.
      let v = parsedExif.get(a);
      if (v === undefined) parsedExif.set(a, (v = parseExif(a as Attachment)));
      return v;
    },
  },
};
