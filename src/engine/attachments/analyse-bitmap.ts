/** BMP images: too simple to hide a QR code decoder's worth of interest, but a classic polyglot carrier. */
import type { AnalyserContext } from './analyser.ts';
import { appendedData } from './appended-data.ts';
import { bmpEnd } from './file-end.ts';

export async function analyseBitmap(ctx: AnalyserContext): Promise<void> {
  await appendedData(ctx, bmpEnd(ctx.bytes));
}
