import { createHash } from 'node:crypto';
import type { Attachment as PostalAttachment } from 'postal-mime';
import type { Attachment } from '../../core/message.ts';

/** File types named by extension, the way Sublime's `file_type` names them. Magic bytes refine it later. */
const EXTENSION_TYPES: Record<string, string> = {
  pdf: 'pdf', doc: 'doc', docx: 'docx', docm: 'docm', dot: 'doc', dotm: 'docm', xls: 'xls', xlsx: 'xlsx', xlsm: 'xlsm',
  xlsb: 'xlsb', xlam: 'xlsm', ppt: 'ppt', pptx: 'pptx', pptm: 'pptm', rtf: 'rtf', odt: 'odt', ods: 'ods', one: 'one',
  zip: 'zip', rar: 'rar', '7z': '7z', gz: 'gz', tgz: 'gz', tar: 'tar', bz2: 'bz2', xz: 'xz', cab: 'cab', iso: 'iso',
  img: 'iso', vhd: 'vhd', vhdx: 'vhd', exe: 'exe', dll: 'dll', scr: 'exe', com: 'exe', msi: 'msi', bat: 'bat', cmd: 'bat',
  ps1: 'ps1', vbs: 'vbs', vbe: 'vbs', js: 'js', jse: 'js', wsf: 'wsf', hta: 'hta', lnk: 'lnk', jar: 'jar', apk: 'apk',
  html: 'html', htm: 'html', shtml: 'html', xhtml: 'html', svg: 'svg', eml: 'eml', msg: 'msg', ics: 'ics', txt: 'txt',
  csv: 'csv', xml: 'xml', json: 'json', url: 'url', png: 'png', jpg: 'jpg', jpeg: 'jpg', gif: 'gif', bmp: 'bmp',
  tif: 'tiff', tiff: 'tiff', webp: 'webp', ico: 'ico', heic: 'heic',
};
const CONTENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf', 'application/zip': 'zip', 'application/x-zip-compressed': 'zip', 'text/html': 'html',
  'application/msword': 'doc', 'application/vnd.ms-excel': 'xls', 'application/x-msdownload': 'exe',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx', 'message/rfc822': 'eml',
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg', 'text/calendar': 'ics',
  'text/plain': 'txt', 'application/x-rar-compressed': 'rar', 'application/vnd.rar': 'rar', 'application/x-7z-compressed': '7z',
  'application/java-archive': 'jar', 'application/x-iso9660-image': 'iso', 'application/vnd.ms-outlook': 'msg',
};

/** A model attachment with hashes; the bytes ride along non-enumerably so JSON output skips them. */
export function toAttachment(a: PostalAttachment): Attachment {
  const bytes = toBytes(a.content);
  const name = a.filename ? a.filename.replace(/[\r\n\0]/g, '').trim() || null : null;
  const ext = extensionOf(name);
  const contentType = a.mimeType ? a.mimeType.toLowerCase() : null;
  const disposition: Attachment['disposition'] = a.disposition === 'attachment' ? 'attachment' : a.disposition === 'inline' ? 'inline' : null;
  const out: Attachment = {
    file_name: name,
    file_extension: ext,
    file_type: fileTypeOfExtension(ext) || (contentType && CONTENT_TYPES[contentType]) || null,
    content_type: contentType,
    content_id: a.contentId ? a.contentId.replace(/^<|>$/g, '') : null,
    disposition,
    size: bytes.length,
    md5: hash('md5', bytes),
    sha1: hash('sha1', bytes),
    sha256: hash('sha256', bytes),
  };
  Object.defineProperty(out, 'raw', { value: bytes, enumerable: false, writable: true, configurable: true });
  return out;
}

/** The `file_type` an extension names (`docm` → `docm`, `htm` → `html`), before magic bytes refine it. */
export function fileTypeOfExtension(ext: string | null): string | null {
  return (ext && EXTENSION_TYPES[ext]) || null;
}

/** Lower case, no dot; `invoice.pdf.exe` → `exe`. Names without a dot have none. */
export function extensionOf(name: string | null): string | null {
  if (!name) return null;
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot === name.length - 1) return null;
  const ext = name.slice(dot + 1).trim().toLowerCase();
  return ext.length > 0 && ext.length <= 16 ? ext : null;
}

function toBytes(content: PostalAttachment['content']): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (content instanceof Uint8Array) return content;
  return new Uint8Array(content);
}

function hash(algorithm: string, bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}
