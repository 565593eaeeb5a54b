import type { Finding } from '../../../core/verdict.ts';
import { finding, phraseEvidence } from './finding.ts';
import { quote } from './normalize.ts';
import type { ContentHits } from './phrases.ts';
import type { TextView } from './text-view.ts';

/** Legacy (1…, 3…) and bech32 (bc1…) bitcoin addresses; case matters, so this runs on the raw body. */
const BTC_RE = /(?<![A-Za-z0-9])(?:bc1[02-9ac-hj-np-z]{25,59}|[13][1-9A-HJ-NP-Za-km-z]{25,34})(?![A-Za-z0-9])/;
const BTC_WORD_RE = /\b(?:bitcoin|btc)\b/;

/**
 * Extortion mail claims a hack or a recording and names a price in crypto. One extortion phrase with a wallet
 * address, or two phrases without, is the pattern; a bare address with the word bitcoin is only a hint.
 */
export function extortionFindings(view: TextView, hits: ContentHits): Finding[] {
  const phrases = hits.get('extortion') ?? [];
  const address = BTC_WORD_RE.test(view.all) ? BTC_RE.exec(view.bodyRaw)?.[0] : undefined;
  const out: Finding[] = [];
  if (address) out.push(finding('BITCOIN_ADDRESS', 1, `bitcoin address ${quote(address, 14)}`));
  if (phrases.length >= 2 || (phrases.length === 1 && address)) {
    const confidence = phrases.length >= 3 || (phrases.length >= 2 && address) ? 1 : 0.8;
    out.push(finding('EXTORTION', confidence, phraseEvidence(phrases)));
  }
  return out;
}
