/**
 * BMP and GIF images: no QR decoding here, but both are classic polyglot carriers (GIFAR: a GIF that is also a
 * Java archive; a BMP with an executable behind it), so the bytes past the image's own end are looked at.
 */
import type { AnalyserContext } from './analyser.ts';
import { appendedData } from './appended-data.ts';
import { bmpEnd, gifEnd } from './file-end.ts';

export async function analyseImageEnd(ctx: AnalyserContext): Promise<void> {
  await appendedData(ctx, ctx.type.kind === 'gif' ? gifEnd(ctx.bytes) : bmpEnd(ctx.bytes));
}
