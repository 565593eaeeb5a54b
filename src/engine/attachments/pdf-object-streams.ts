/**
 * Streams inside a PDF that a byte scan cannot read as they are: object streams (`/Type /ObjStm`, PDF 1.5+)
 * hold ordinary objects — actions, annotations, JavaScript — deflated; embedded files (`/Type /EmbeddedFile`)
 * carry whole files. We inflate them (FlateDecode or none; bounded by the message's expanded-bytes allowance
 * and the ratio cap) so the keyword scan reads what a viewer would, and embedded files are analysed as children.
 */
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import type { AnalysisBudget } from './budget.ts';

const MAX_STREAMS = 200;

/** The decoded streams whose dictionary names `/Type /<type>`, at most `max`. */
export function pdfStreams(raw: string, type: 'ObjStm' | 'EmbeddedFile', budget: AnalysisBudget, max = MAX_STREAMS): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dictRe = new RegExp(String.raw`<<((?:(?!>>\s*stream)[\s\S]){0,800}?\/Type\s*\/${type}\b[\s\S]{0,800}?)>>\s*stream\r?\n`, 'g');
  for (const m of raw.matchAll(dictRe)) {
    if (out.length >= max) break;
    const dict = m[1]!;
    const flate = /\/FlateDecode/.test(dict);
    // Filter chains and predictors are rare in these streams and not worth a decoder of our own.
    if (/\/DecodeParms|\[\s*\/\w+\s+\/\w+/.test(dict) || (!flate && /\/Filter/.test(dict))) continue;
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const data = Buffer.from(raw.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    if (!flate) {
      out.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      continue;
    }
    const cap = Math.min(budget.remainingExpandedBytes(), Math.max(data.length * budget.limits.maxCompressionRatio, 1024 * 1024));
    if (cap <= 0) break;
    try {
      const inflated = inflateSync(data, { maxOutputLength: cap, finishFlush: zlibConstants.Z_SYNC_FLUSH });
      budget.addExpanded(inflated.length);
      out.push(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength));
    } catch {
      // A broken or bomb-shaped stream: nothing readable in it.
    }
  }
  return out;
}

/** The decompressed text of every object stream, joined (latin1). */
export function objectStreamText(raw: string, budget: AnalysisBudget): string {
  return pdfStreams(raw, 'ObjStm', budget).map((b) => Buffer.from(b).toString('latin1')).join('\n');
}
