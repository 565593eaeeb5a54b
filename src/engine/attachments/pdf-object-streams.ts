/**
 * PDF 1.5+ object streams (`/Type /ObjStm`) hold ordinary objects — actions, annotations, JavaScript —
 * deflated, where a byte scan cannot see them. We inflate them (FlateDecode only, bounded by the message's
 * expanded-bytes allowance and the ratio cap) so the keyword scan reads the same objects a viewer would.
 */
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import type { AnalysisBudget } from './budget.ts';

const MAX_STREAMS = 200;

/** The decompressed text of every Flate object stream in `raw` (latin1), joined. */
export function objectStreamText(raw: string, budget: AnalysisBudget): string {
  const parts: string[] = [];
  let seen = 0;
  for (const m of raw.matchAll(/<<((?:(?!>>\s*stream)[\s\S]){0,600}?\/Type\s*\/ObjStm[\s\S]{0,600}?)>>\s*stream\r?\n/g)) {
    if (seen++ >= MAX_STREAMS) break;
    const dict = m[1]!;
    if (!/\/FlateDecode/.test(dict) || /\/DecodeParms|\[\s*\/\w+\s+\/\w+/.test(dict)) continue;
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const data = Buffer.from(raw.slice(start, end), 'latin1');
    const cap = Math.min(budget.remainingExpandedBytes(), Math.max(data.length * budget.limits.maxCompressionRatio, 1024 * 1024));
    if (cap <= 0) break;
    try {
      const out = inflateSync(data, { maxOutputLength: cap, finishFlush: zlibConstants.Z_SYNC_FLUSH /* tolerate a missing end */ });
      budget.addExpanded(out.length);
      parts.push(out.toString('latin1'));
    } catch {
      // A broken or bomb-shaped stream: nothing readable in it.
    }
  }
  return parts.join('\n');
}
