import type { Detector } from '../../detector.ts';
import { isMailingList } from '../sender/message-facts.ts';
import { dkimReverify, wantsDkimReverify } from './dkim-reverify.ts';
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
  detect(msg, ctx) {
    const findings = authSummaryFindings(msg, ctx.org, ctx.lists, isMailingList(msg));
    // Nothing to re-verify (no resolver injected, the default): answer synchronously. A promise would make the
    // engine arm and clear a budget timer for this detector on every message, for nothing to wait on.
    if (!wantsDkimReverify(msg, ctx.dns, ctx.limits.maxMessageBytes)) return findings;
    return dkimReverify(msg, ctx.dns, ctx.limits.maxMessageBytes, ctx.now).then((more) => [...findings, ...more]);
  },
};
