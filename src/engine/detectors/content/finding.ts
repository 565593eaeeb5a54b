import type { Finding } from '../../../core/verdict.ts';
import { quote } from './normalize.ts';
import type { ContentRule } from './rules.ts';

/** A finding of this detector; confidence is clamped by scoring. */
export function finding(rule: ContentRule, confidence: number, evidence: string): Finding {
  return { rule, confidence, evidence };
}

/** Evidence listing the matched phrases, each shortened: `matched "verify your account", "within 24 hours"`. */
export function phraseEvidence(phrases: readonly string[], max = 3): string {
  const shown = phrases.slice(0, max).map((p) => `"${quote(p, 50)}"`);
  const more = phrases.length > max ? ` (+${phrases.length - max} more)` : '';
  return `matched ${shown.join(', ')}${more}`;
}
