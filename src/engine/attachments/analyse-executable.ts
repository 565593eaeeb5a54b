/**
 * Windows executables are dangerous by type already; what more the engine reads is the overlay: a zip or
 * another program appended past the last section (self-extractors, droppers, "setup.exe" bundles).
 */
import type { AnalyserContext } from './analyser.ts';
import { appendedData } from './appended-data.ts';
import { peEnd } from './file-end.ts';

export async function analyseExecutable(ctx: AnalyserContext): Promise<void> {
  await appendedData(ctx, peEnd(ctx.bytes), true);
}
