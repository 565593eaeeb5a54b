import type { Finding } from '../../../core/verdict.ts';
import { finding, phraseEvidence } from './finding.ts';
import type { ContentHits } from './phrases.ts';
import type { TextView } from './text-view.ts';

/** North-American numbers (the bulk of callback scams) and any number written with an international prefix. */
const PHONE_RE = /(?<![\w+])(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]\d{4}(?!\d)|(?<![\w+])\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?!\d)/;

/**
 * Callback phishing carries no link: an "invoice" or "renewal" for a charge the reader never made, and a phone
 * number to call to cancel it. We need all three parts: a number, the purchase context and the call to act.
 */
export function callbackFindings(view: TextView, hits: ContentHits): Finding[] {
  const context = [...(hits.get('callbackContext') ?? []), ...(hits.get('document') ?? [])];
  const action = hits.get('callbackAction') ?? [];
  if (context.length === 0) return [];
  if (action.length === 0) return renewalWithoutNumber(context);
  const phone = PHONE_RE.exec(view.all);
  if (!phone) return renewalWithoutNumber(context);
  const confidence = context.length >= 2 ? 1 : 0.75;
  return [finding('CALLBACK_PHISHING', confidence, `phone ${phone[0].trim()} with ${phraseEvidence([...context, ...action], 4)}`)];
}

const BRAND_RE = /geek ?squad|norton|mcafee|paypal|best ?buy|avast|total ?av|windows defender|coinbase/;

/**
 * The number often sits in an image or an attachment. A security-software brand, a renewal and a charge spelled
 * out in the text are still the scheme, at half confidence.
 */
function renewalWithoutNumber(context: string[]): Finding[] {
  if (context.length < 3 || !context.some((c) => BRAND_RE.test(c))) return [];
  return [finding('CALLBACK_PHISHING', 0.5, `no number in the text; ${phraseEvidence(context, 4)}`)];
}
