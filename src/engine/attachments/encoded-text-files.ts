/**
 * Files carried as text inside a text file or part: uuencoded blocks and BinHex 4.0. Mail still delivers both
 * (x-uuencode attachments reach us undecoded, old Mac mail uses BinHex), and a gateway that stops at "text"
 * never sees the executable inside. Each decoded file becomes a child node under the usual entry, byte and
 * depth limits; the decoders run only when their marker is present.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { decodeUuencode } from './decode-uuencode.ts';
import { BINHEX_MARKER, decodeBinHex } from './decode-binhex.ts';

const UU_BEGIN = /^begin [0-7]{3,4} \S/m;
const MAX_UU_FILES = 20;
const MIN_RESOURCE_FORK = 64;

async function addChild(ctx: AnalyserContext, name: string | null, bytes: Uint8Array): Promise<boolean> {
  if (bytes.length === 0) return true;
  if (bytes.length > ctx.budget.remainingExpandedBytes()) {
    ctx.flag('expanded_limit');
    ctx.budget.hit('expanded_bytes');
    return false;
  }
  if (!ctx.budget.takeEntry()) {
    ctx.flag('entry_limit');
    return false;
  }
  ctx.budget.addExpanded(bytes.length);
  await ctx.child(name, bytes);
  return true;
}

/** True when the text held an encoded file. */
export async function encodedTextFiles(ctx: AnalyserContext, text: string): Promise<boolean> {
  let found = false;
  if (UU_BEGIN.test(text)) {
    const files = decodeUuencode(text, MAX_UU_FILES);
    if (files.length) {
      found = true;
      setScan(ctx.node, 'encoded', { format: 'uuencode', files: files.map((f) => f.name) });
      for (const file of files) if (!(await addChild(ctx, file.name, file.bytes))) break;
    }
  }
  if (text.includes(BINHEX_MARKER)) {
    const limits = ctx.budget.limits;
    const cap = Math.min(ctx.budget.remainingExpandedBytes(), Math.max(text.length * limits.maxCompressionRatio, 1024 * 1024));
    const file = decodeBinHex(text, cap);
    if (file) {
      found = true;
      setScan(ctx.node, 'encoded', { format: 'binhex', files: [file.name], truncated: file.truncated });
      if (file.capped) {
        ctx.flag('archive_bomb');
        ctx.budget.hit('compression_ratio');
      }
      // Windows never sees a resource fork; a large one is still worth a look (it can hide a second file).
      if ((await addChild(ctx, file.name, file.data)) && file.resource.length >= MIN_RESOURCE_FORK) await addChild(ctx, `${file.name}.rsrc`, file.resource);
    }
  }
  return found;
}
