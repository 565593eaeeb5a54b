import type { Detector } from '../../detector.ts';
import { isMailingList } from '../sender/message-facts.ts';
import { dkimReverify } from './dkim-reverify.ts';
import { AUTH_RULES } from './rules.ts';
import { authSummaryFindings } from './summary-checks.ts';

/**
 * SPF, DKIM, DMARC, compauth and ARC as the receiving provider (Microsoft, Google) stamped them, plus our own
 * DKIM re-verification when a DNS resolver is injected (off by default: scans make no network calls).
 */
export const authenticationDetector: Detector = {
  id: 'authentication',
  rules: AUTH_RULES,
  // Re-verification waits on DNS; without a resolver the detector is pure and takes microseconds.
  timeoutMs: 3000,
  async detect(msg, ctx) {
    const findings = authSummaryFindings(msg, ctx.org, ctx.lists, isMailingList(msg));
    findings.push(...(await dkimReverify(msg, ctx.dns, ctx.limits.maxMessageBytes, ctx.now)));
    return findings;
  },
};
