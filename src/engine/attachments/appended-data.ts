/**
 * Data appended past a file's own end (see file-end.ts): a `trailing_data` finding, and the appended bytes
 * analysed as a child file, so the zip behind a photo or the executable behind a setup program is unpacked
 * like any attachment. Padding and the second image of a multi-picture JPEG are not findings.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { sniffFileType, type FileKind } from './file-type.ts';

/** Less than this is alignment or a writer's stray bytes, not a hidden file. */
const MIN_TRAILING = 16;
const PADDING_CHECK = 64 * 1024;

/** Overlay kinds worth a finding behind an executable: installers carry opaque data there all the time. */
const CONTAINER_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([
  'zip', 'gzip', 'bzip2', 'xz', 'rar', '7z', 'cab', 'iso', 'tar', 'pdf', 'ole', 'rtf', 'pe', 'elf', 'lnk', 'onenote', 'html', 'hta', 'script',
]);

function isPadding(b: Uint8Array): boolean {
  if (b.length > PADDING_CHECK) return false;
  return b.every((c) => c === 0x00 || c === 0xff);
}

/**
 * Reports the bytes after `end`. `containersOnly` (executables) keeps the finding for overlays that are
 * themselves files we recognise; other overlays are only measured (`scan.overlay`).
 */
export async function appendedData(ctx: AnalyserContext, end: number | null, containersOnly = false): Promise<void> {
  if (end === null || end + MIN_TRAILING > ctx.bytes.length) return;
  const trailing = ctx.bytes.subarray(end);
  if (isPadding(trailing)) return;
  const kind = sniffFileType(trailing).kind;
  // Phones store a second, smaller JPEG after the first (Multi-Picture Format): not a polyglot.
  if (ctx.type.kind === 'jpeg' && kind === 'jpeg') return;
  setScan(ctx.node, 'overlay', { offset: end, size: trailing.length, kind });
  if (containersOnly && !CONTAINER_KINDS.has(kind)) return;
  ctx.flag('trailing_data');
  await ctx.child('overlay', trailing);
}
