import type { Finding } from '../../../core/verdict.ts';
import type { TextView } from '../content/text-view.ts';
import { finding } from './finding.ts';

/**
 * Hash-busting tokens: capitals and digits mixed at random (`QWCZ7T8P`, `2WFC75V9HOO`). Hex ids (queue ids,
 * hashes) are excluded by requiring a letter past F; words by requiring digits among the capitals.
 */
const TOKEN_RE = /(?<![A-Za-z0-9])(?=[A-Z0-9]*[G-Z])(?=[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]{8,}(?![A-Za-z0-9])/g;
/** A run of 30+ lower-case letters is no word in any language we read (compounds stop well short). */
const LONG_RUN_RE = /(?<![A-Za-z0-9])[a-z]{30,}(?![A-Za-z0-9])/g;
const MIN_TOKENS = 8;
const MAX_CHARS = 8_000;

export function gibberishFindings(view: TextView): Finding[] {
  const text = view.bodyRaw.slice(0, MAX_CHARS);
  let count = 0;
  const seen = new Set<string>();
  for (const [token] of text.matchAll(TOKEN_RE)) {
    count++;
    if (seen.size < 3) seen.add(token);
    if (count >= 40) break;
  }
  for (const [run] of text.matchAll(LONG_RUN_RE)) {
    count += MIN_TOKENS / 2;
    if (seen.size < 3) seen.add(run.slice(0, 16));
    if (count >= 40) break;
  }
  if (count < MIN_TOKENS) return [];
  return [finding('GIBBERISH_TOKENS', count >= 20 ? 1 : 0.7, `random tokens such as ${[...seen].join(', ')}`)];
}
