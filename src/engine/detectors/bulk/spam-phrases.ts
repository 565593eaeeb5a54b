import type { Finding } from '../../../core/verdict.ts';
import { phraseEvidence } from '../content/finding.ts';
import { compilePhraseSet, type PhraseHits } from '../content/phrase-set.ts';
import type { TextView } from '../content/text-view.ts';
import { finding } from './finding.ts';
import { SPAM_LEXICON } from './lexicon-spam.ts';
import type { BulkRule } from './rules.ts';

type SpamFamily = keyof typeof SPAM_LEXICON;

const SPAM_PHRASES = compilePhraseSet<SpamFamily>(SPAM_LEXICON);

/**
 * Each trade has strong phrases (a point each) and, in its `…Weak` family, words that legitimate mail uses
 * too ("sex" in a news digest, "gutschein" in a shop letter): half a point, so they only count in company.
 */
const TRADES: Record<string, { rule: BulkRule; weak?: SpamFamily; allWeak?: boolean }> = {
  casino: { rule: 'SPAM_CASINO', weak: 'casinoWeak' },
  prize: { rule: 'SPAM_PRIZE', weak: 'prizeWeak' },
  pharma: { rule: 'SPAM_PHARMA', weak: 'pharmaWeak' },
  adult: { rule: 'SPAM_ADULT', weak: 'adultWeak' },
  finance: { rule: 'SPAM_FINANCE', weak: 'financeWeak' },
  seo: { rule: 'SPAM_SEO' },
  cryptoPromo: { rule: 'SPAM_CRYPTO_PROMO' },
  // Every newsletter says "click here": marketing phrases only ever count half.
  marketing: { rule: 'SPAM_MARKETING_PHRASES', allWeak: true },
};

/** The spam trades found in the text, one finding per trade, plus the raw hits for the unsubscribe rule. */
export function spamPhraseFindings(view: TextView): { findings: Finding[]; hits: PhraseHits<SpamFamily> } {
  const hits = SPAM_PHRASES.scan(view.all);
  const findings: Finding[] = [];
  for (const [trade, { rule, weak, allWeak }] of Object.entries(TRADES)) {
    const own = hits.get(trade as SpamFamily) ?? [];
    const strong = allWeak ? [] : own;
    const soft = allWeak ? own : weak ? (hits.get(weak) ?? []) : [];
    const confidence = pointsConfidence(strong.length + soft.length / 2);
    if (confidence > 0) findings.push(finding(rule, confidence, phraseEvidence([...strong, ...soft])));
  }
  return { findings, hits };
}

function pointsConfidence(points: number): number {
  if (points >= 3) return 1;
  if (points >= 2) return 0.8;
  if (points >= 1) return 0.65;
  return points > 0 ? 0.3 : 0;
}
