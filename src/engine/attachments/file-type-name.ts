/**
 * `attachment.file_type` in Sublime's vocabulary (`pdf`, `docx`, `exe`, ...). The parser names it from the
 * extension or declared type; magic bytes correct it when the content is something else.
 */
import type { FileKind } from './file-type.ts';
import { isTypeMismatch } from './type-policy.ts';

const KIND_NAMES: Partial<Record<FileKind, string>> = {
  zip: 'zip', gzip: 'gz', bzip2: 'bz2', xz: 'xz', rar: 'rar', '7z': '7z', iso: 'iso', udf: 'iso', cab: 'cab', tar: 'tar',
  dmg: 'dmg', pdf: 'pdf', ole: 'doc', rtf: 'rtf', html: 'html', svg: 'svg', xml: 'xml', hta: 'hta', png: 'png',
  jpeg: 'jpg', gif: 'gif', webp: 'webp', bmp: 'bmp', tiff: 'tiff', heic: 'heic', avif: 'avif', pe: 'exe', elf: 'elf',
  macho: 'macho', lnk: 'lnk', onenote: 'one', url_shortcut: 'url', chm: 'chm', email: 'eml', tnef: 'dat', szdd: 'szdd',
};

export function refinedFileType(current: string | null, extension: string | null, kind: FileKind): string | null {
  const name = KIND_NAMES[kind];
  if (!name) return current;
  if (current === null || isTypeMismatch(extension, kind)) return name;
  return current;
}
