import type { Finding } from '../../../core/verdict.ts';
import type { BulkRule } from './rules.ts';

/** A finding of the bulk detector. */
export function finding(rule: BulkRule, confidence: number, evidence: string): Finding {
  return { rule, confidence, evidence };
}
