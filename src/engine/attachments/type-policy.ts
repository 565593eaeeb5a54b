/**
 * Which file types are dangerous to deliver, and when a name lies about its content. Kept as tables so an
 * analyst can read the policy at a glance; the flags set here are facts, the detector weighs them.
 */
import type { FileKind } from './file-type.ts';

/** Types that run code or mount content when opened: the classic first stage of an infection. */
const DANGEROUS_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['pe', 'elf', 'macho', 'lnk', 'onenote', 'url_shortcut', 'chm', 'hta', 'iso', 'udf']);

/** Extensions Windows will run, open in a script host, or mount, whatever the content looks like. */
const DANGEROUS_EXTENSIONS: ReadonlySet<string> = new Set([
  'exe', 'scr', 'com', 'pif', 'cpl', 'msi', 'msp', 'dll', 'bat', 'cmd', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'wsc',
  'ps1', 'psm1', 'hta', 'lnk', 'url', 'iso', 'img', 'vhd', 'vhdx', 'one', 'onepkg', 'chm', 'jar', 'jnlp', 'reg', 'scf',
  'appx', 'msix', 'appinstaller', 'library-ms', 'settingcontent-ms', 'xll', 'iqy', 'slk', 'application', 'gadget',
  'inf', 'sct', 'ade', 'adp', 'mde', 'cab', 'apk', 'dmg', 'vsto',
]);

/** Extensions a user trusts as "just a document": the decoy half of a double extension. */
const DECOY_EXTENSIONS: ReadonlySet<string> = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt', 'rtf', 'jpg', 'jpeg', 'png', 'gif', 'csv', 'htm', 'html',
  'zip', 'mp3', 'mp4', 'odt', 'ods', 'eml', 'msg',
]);

const IMAGES: FileKind[] = ['png', 'jpeg', 'gif', 'bmp', 'webp', 'tiff', 'avif', 'heic'];
const OOXML: FileKind[] = ['zip', 'ole']; // encrypted OOXML is an OLE container
const LEGACY_OFFICE: FileKind[] = ['ole', 'rtf', 'html', 'xml', 'text', 'zip'];

/** For extensions that promise a format, the real kinds that keep the promise. */
const EXPECTED_KINDS: Record<string, readonly FileKind[]> = {
  pdf: ['pdf'],
  png: IMAGES, jpg: IMAGES, jpeg: IMAGES, gif: IMAGES, bmp: IMAGES, webp: IMAGES, tif: IMAGES, tiff: IMAGES,
  docx: OOXML, docm: OOXML, dotx: OOXML, dotm: OOXML, xlsx: OOXML, xlsm: OOXML, xlsb: OOXML, xltx: OOXML,
  xltm: OOXML, xlam: OOXML, pptx: OOXML, pptm: OOXML, ppsx: OOXML, ppsm: OOXML, potx: OOXML, potm: OOXML,
  doc: LEGACY_OFFICE, dot: LEGACY_OFFICE, xls: LEGACY_OFFICE, xlt: LEGACY_OFFICE, ppt: LEGACY_OFFICE,
  pps: LEGACY_OFFICE, pot: LEGACY_OFFICE, msg: ['ole'],
  zip: ['zip'], rar: ['rar'], '7z': ['7z'], gz: ['gzip'], tgz: ['gzip'],
  txt: ['text', 'empty', 'html', 'xml', 'script'], csv: ['text', 'empty'],
  rtf: ['rtf'],
};

/** Real kinds that make a mismatch alarming: code disguised as something else. */
const ALARMING_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([...DANGEROUS_KINDS, 'html', 'svg', 'zip', 'rar', '7z', 'ole', 'pdf', 'script']);

export function isDangerousKind(kind: FileKind): boolean {
  return DANGEROUS_KINDS.has(kind);
}

export function isDangerousExtension(ext: string | null): boolean {
  return ext !== null && DANGEROUS_EXTENSIONS.has(ext);
}

/** True when the name's extension promises one format and the bytes are an alarming other one. */
export function isTypeMismatch(ext: string | null, kind: FileKind): boolean {
  if (ext === null) return false;
  const expected = EXPECTED_KINDS[ext];
  if (!expected || expected.includes(kind)) return false;
  return ALARMING_KINDS.has(kind);
}

/**
 * `invoice.pdf.exe`, `scan.jpg   .scr`: a decoy extension followed by a dangerous one, which Windows hides by
 * default so the user sees only the decoy.
 */
export function isDoubleExtension(name: string | null): boolean {
  if (!name) return false;
  const base = (name.split(/[\\/]/).pop() ?? '').toLowerCase();
  const parts = base.split('.').map((p) => p.trim());
  if (parts.length < 3) return false;
  const last = parts[parts.length - 1]!;
  const decoy = parts[parts.length - 2]!;
  return DANGEROUS_EXTENSIONS.has(last) && DECOY_EXTENSIONS.has(decoy);
}
