import type { Attachment, MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { finding, phraseEvidence } from './finding.ts';
import { foldText, quote } from './normalize.ts';
import { CONTENT_PHRASES, type ContentFamily, type ContentHits } from './phrases.ts';

/** Families that dress a file up as something to open: documents, invoices, voicemails, sign-in prompts. */
const LURE_FAMILIES: readonly ContentFamily[] = ['document', 'credential', 'callbackContext'];

/** Files that render or run on a click: the payload of a fake invoice is never a real invoice format. */
const ACTIVE = new Set(['htm', 'html', 'shtml', 'xhtml', 'svg', 'hta', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'exe', 'scr', 'lnk', 'one', 'iso', 'img', 'vhd', 'vhdx']);
/** Containers that hide what is inside them from a quick look. */
const ARCHIVE = new Set(['zip', 'rar', '7z', 'gz', 'tgz', 'tar', 'ace', 'arj', 'cab', 'r00', 'lzh', 'xz', 'bz2', 'uue', 'z']);

/**
 * "Your invoice is attached" with an HTML page or an archive attached: the classic credential-harvest or
 * malware delivery. A PDF or spreadsheet invoice from a supplier does not fire.
 */
export function attachmentLureFindings(msg: MessageModel, hits: ContentHits): Finding[] {
  const risky = (msg.attachments ?? []).filter((a) => ACTIVE.has(ext(a)) || ARCHIVE.has(ext(a)));
  if (risky.length === 0) return [];
  const names = risky.map((a) => a.file_name ?? '').join(' ');
  const fromNames = CONTENT_PHRASES.scan(foldText(names.replace(/[_.-]+/g, ' '), 2_000));
  const docWords = [...LURE_FAMILIES.flatMap((f) => hits.get(f) ?? []), ...LURE_FAMILIES.flatMap((f) => fromNames.get(f) ?? [])];
  if (docWords.length === 0) return [];
  const active = risky.some((a) => ACTIVE.has(ext(a)));
  const shown = risky.slice(0, 2).map((a) => quote(a.file_name ?? `.${ext(a)}`, 40)).join(', ');
  return [finding('DOCUMENT_LURE_ATTACHMENT', active ? 1 : 0.8, `${shown} with ${phraseEvidence([...new Set(docWords)], 2)}`)];
}

function ext(a: Attachment): string {
  const fromName = a.file_name?.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1];
  return (a.file_extension ?? fromName ?? '').toLowerCase().replace(/^\./, '');
}
