import type { RuleInfo } from '../../../core/verdict.ts';

/** Sender rules and their default weights (tenants may override). */
export const SENDER_RULES = {
  VIP_IMPERSONATION: { weight: 6, category: 'bec', description: "Display name is one of the organisation's VIPs but the address is not theirs" },
  BRAND_DISPLAY_NAME: { weight: 4, category: 'phishing', description: "Display name or address names a well-known brand the sender's domain does not belong to" },
  LOOKALIKE_ORG_DOMAIN: { weight: 6, category: 'bec', description: "Sender or Reply-To domain imitates one of the organisation's domains" },
  LOOKALIKE_BRAND_DOMAIN: { weight: 4.5, category: 'phishing', description: "Sender or Reply-To domain imitates a well-known brand's domain" },
  PUNYCODE_SENDER_DOMAIN: { weight: 1.5, category: 'suspicious', description: 'Sender domain is internationalised (punycode / non-ASCII characters)' },
  REPLY_TO_FREEMAIL: { weight: 3.5, category: 'bec', description: 'Replies go to a free-mail address while the sender is not free-mail' },
  REPLY_TO_MISMATCH: { weight: 1.5, category: 'suspicious', description: "Replies go to a domain other than the sender's" },
  RETURN_PATH_MISMATCH: { weight: 1, category: 'suspicious', description: 'Return-Path domain differs from the From domain' },
  FREEMAIL_CORPORATE_NAME: { weight: 2, category: 'suspicious', description: 'Free-mail sender using an organisation or brand display name' },
  SENDER_SHARED_HOST_DOMAIN: { weight: 2, category: 'suspicious', description: 'Sender address is on a shared platform subdomain anyone can register (onmicrosoft.com, firebaseapp.com, ...)' },
  SENDER_SUSPICIOUS_TLD: { weight: 1.5, category: 'suspicious', description: 'Sender domain uses a top-level domain favoured by abuse' },
  SENDER_DOMAIN_INVALID: { weight: 2, category: 'suspicious', description: 'Sender domain is not a valid, registrable domain' },
  DISPLAY_NAME_EMAIL_MISMATCH: { weight: 2, category: 'suspicious', description: "Display name or local part shows an address of another domain than the sender's" },
  DISPLAY_NAME_OBFUSCATED: { weight: 2, category: 'suspicious', description: 'Display name disguises its letters (small capitals, invisible joiners, mixed scripts)' },
} satisfies Record<string, RuleInfo>;

export type SenderRule = keyof typeof SENDER_RULES;
