import type { RuleInfo } from '../../../core/verdict.ts';

/**
 * Authentication rules and default weights. A DMARC failure for a domain that asks receivers to reject
 * spoofs weighs most; an SPF softfail alone is a faint hint (forwarding breaks SPF every day).
 */
export const AUTH_RULES = {
  DMARC_FAIL_POLICY_REJECT: { weight: 4.5, category: 'phishing', description: 'DMARC failed for a From domain that publishes p=reject' },
  DMARC_FAIL_POLICY_QUARANTINE: { weight: 3.5, category: 'phishing', description: 'DMARC failed for a From domain that publishes p=quarantine' },
  FREEMAIL_DMARC_FAIL: { weight: 3.5, category: 'phishing', description: 'DMARC failed for a free-mail domain: its real users always pass, so the From is forged' },
  DMARC_FAIL: { weight: 2, category: 'suspicious', description: 'DMARC failed (domain policy none or unknown)' },
  SPF_FAIL: { weight: 1.5, category: 'suspicious', description: 'SPF failed: the sending server is not allowed to send for the envelope domain' },
  SPF_SOFTFAIL: { weight: 0.75, category: 'suspicious', description: 'SPF soft-failed' },
  DKIM_FAIL: { weight: 1.5, category: 'suspicious', description: 'The DKIM signature did not verify at the receiver' },
  COMPAUTH_FAIL: { weight: 3, category: 'suspicious', description: 'Microsoft composite authentication failed (implicit spoofing verdict)' },
  ARC_FAIL: { weight: 2, category: 'suspicious', description: 'The ARC chain did not validate' },
  NO_AUTHENTICATION: { weight: 1.5, category: 'suspicious', description: 'The receiver stamped authentication results and nothing passed' },
  ORG_DOMAIN_SPOOF: { weight: 6, category: 'phishing', description: "Inbound message claims the organisation's own domain and fails authentication" },
  DKIM_REVERIFY_FAIL: { weight: 2, category: 'suspicious', description: 'A DKIM signature fails our own re-verification (message altered after signing)' },
} satisfies Record<string, RuleInfo>;

export type AuthRule = keyof typeof AUTH_RULES;
