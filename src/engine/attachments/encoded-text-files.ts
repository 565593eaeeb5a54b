/**
 * Files carried as text inside a text file or part: uuencoded blocks and BinHex 4.0. Mail still delivers both
 * (x-uuencode attachments reach us undecoded, old clients put uuencoded files straight into the body, old Mac
 * mail uses BinHex), and a gateway that stops at "text" never sees the executable inside. The decoders run
 * only when their marker is present; what they produce is counted against the entry and byte limits.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import type { AnalysisBudget } from './budget.ts';
import { decodeUuencode, type DecodedFile } from './decode-uuencode.ts';
import { BINHEX_MARKER, decodeBinHex } from './decode-binhex.ts';

const UU_BEGIN = /^begin [0-7]{3,4} \S/m;
const MAX_UU_FILES = 20;
const MIN_RESOURCE_FORK = 64;

/** The files one encoding carried in a text. */
export interface EncodedFiles {
  format: 'uuencode' | 'binhex';
  files: DecodedFile[];
  /** BinHex run-length output stopped at the byte cap: bomb-shaped. */
  capped: boolean;
}

/** Decodes the uuencoded blocks and the BinHex block of `text` (output capped by the budget). */
export function findEncodedFiles(text: string, budget: AnalysisBudget): EncodedFiles[] {
  const found: EncodedFiles[] = [];
  if (UU_BEGIN.test(text)) {
    const files = decodeUuencode(text, MAX_UU_FILES);
    if (files.length) found.push({ format: 'uuencode', files, capped: false });
  }
  if (text.includes(BINHEX_MARKER)) {
    const limits = budget.limits;
    const cap = Math.min(budget.remainingExpandedBytes(), Math.max(text.length * limits.maxCompressionRatio, 1024 * 1024));
    const file = decodeBinHex(text, cap);
    if (file) {
      // Windows never sees a resource fork; a large one is still worth a look (it can hide a second file).
      const files = [{ name: file.name, bytes: file.data }];
      if (file.resource.length >= MIN_RESOURCE_FORK) files.push({ name: `${file.name}.rsrc`, bytes: file.resource });
      found.push({ format: 'binhex', files, capped: file.capped });
    }
  }
  return found;
}

/** Claims an entry and the bytes of one decoded file; the limit that refuses it is returned. */
export function claimDecoded(budget: AnalysisBudget, bytes: Uint8Array): 'expanded_limit' | 'entry_limit' | null {
  if (bytes.length > budget.remainingExpandedBytes()) {
    budget.hit('expanded_bytes');
    return 'expanded_limit';
  }
  if (!budget.takeEntry()) return 'entry_limit';
  budget.addExpanded(bytes.length);
  return null;
}

/** Adds the files encoded in a text file as its children; true when there were any. */
export async function encodedTextFiles(ctx: AnalyserContext, text: string): Promise<boolean> {
  const found = findEncodedFiles(text, ctx.budget);
  for (const { format, files, capped } of found) {
    setScan(ctx.node, 'encoded', { format, files: files.map((f) => f.name) });
    if (capped) {
      ctx.flag('archive_bomb');
      ctx.budget.hit('compression_ratio');
    }
    for (const file of files) {
      if (file.bytes.length === 0) continue;
      const refused = claimDecoded(ctx.budget, file.bytes);
      if (refused) {
        ctx.flag(refused);
        break;
      }
      await ctx.child(file.name, file.bytes);
    }
  }
  return found.length > 0;
}
