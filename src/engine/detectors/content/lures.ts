import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { finding, phraseEvidence } from './finding.ts';
import { hitConfidence } from './phrase-set.ts';
import type { ContentFamily, ContentHits } from './phrases.ts';
import type { ContentRule } from './rules.ts';

/** Phrase families that are findings on their own; the others only feed combined rules. */
const DIRECT: Partial<Record<ContentFamily, ContentRule>> = {
  credential: 'CREDENTIAL_LURE',
  accountThreat: 'ACCOUNT_THREAT',
  wallet: 'WALLET_LURE',
  delivery: 'DELIVERY_LURE',
  government: 'GOVERNMENT_LURE',
  paymentChange: 'PAYMENT_CHANGE',
  becTask: 'BEC_REQUEST',
  giftCard: 'GIFT_CARD_REQUEST',
  wire: 'WIRE_REQUEST',
  advanceFee: 'ADVANCE_FEE',
  urgency: 'URGENCY_LANGUAGE',
  genericGreeting: 'GENERIC_GREETING',
};

/**
 * Families whose phrases colleagues legitimately write to each other ("are you free?", "new bank details for
 * the supplier"): on an internal conversation they weigh half, since an outside attacker needs a stolen
 * account there rather than a look-alike address.
 */
const DISCOUNT_INTERNAL = new Set<ContentFamily>(['becTask', 'paymentChange', 'wire']);

/**
 * Advance-fee words like "inheritance" or "$5 million" turn up in news and finance letters; they count half,
 * so they need a real advance-fee phrase or each other to matter.
 */
const WEAK_OF: Partial<Record<ContentFamily, ContentFamily>> = { advanceFee: 'advanceFeeWeak' };

/** A greeting is one fact: saying "Dear Customer" twice is not more impersonal. */
const SINGLE_FACT = new Set<ContentFamily>(['genericGreeting']);

function confidenceFor(family: ContentFamily, distinct: number, weak: number): number {
  if (SINGLE_FACT.has(family)) return distinct > 0 ? 1 : 0;
  // Weak words alone ("charity", "barrister") need three of them to mean anything.
  if (distinct === 0 && weak < 3) return 0;
  const points = distinct + weak / 2;
  if (points < 1) return 0;
  return hitConfidence(Math.floor(points));
}

export function lureFindings(hits: ContentHits, msg: MessageModel): Finding[] {
  const internalThread = msg.type?.internal === true && (msg.body?.previous_threads?.length ?? 0) > 0;
  const out: Finding[] = [];
  for (const [family, rule] of Object.entries(DIRECT) as [ContentFamily, ContentRule][]) {
    const phrases = hits.get(family) ?? [];
    const weakFamily = WEAK_OF[family];
    const weak = weakFamily ? (hits.get(weakFamily) ?? []) : [];
    const confidence = confidenceFor(family, phrases.length, weak.length);
    if (confidence === 0) continue;
    const discount = internalThread && DISCOUNT_INTERNAL.has(family) ? 0.5 : 1;
    out.push(finding(rule, confidence * discount, phraseEvidence([...phrases, ...weak])));
  }
  return out;
}
