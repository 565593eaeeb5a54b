import type { RuleInfo } from '../../../core/verdict.ts';

/**
 * The bulk detector's rule table: spam traits, weighted for the `spam` category. None of them alone makes a
 * message spam; a spam trade's vocabulary plus a couple of structural traits does.
 */
export const BULK_RULES = {
  SPAM_CASINO: { weight: 6, category: 'spam', description: 'Online casino and gambling promotion' },
  SPAM_PRIZE: { weight: 3.5, category: 'spam', description: 'Prize, sweepstake, survey-reward or gift-voucher bait' },
  SPAM_PHARMA: { weight: 4.5, category: 'spam', description: 'Pharmacy, potency, diet or miracle-health promotion' },
  SPAM_ADULT: { weight: 3.5, category: 'spam', description: 'Adult content or dating solicitation' },
  SPAM_FINANCE: { weight: 4.5, category: 'spam', description: 'Loans, credit, insurance quotes or get-rich offers' },
  SPAM_SEO: { weight: 4.5, category: 'spam', description: 'SEO, lead-list or bulk-mailing services for sale' },
  SPAM_CRYPTO_PROMO: { weight: 5, category: 'spam', description: 'Airdrops, token claims and crypto get-rich schemes' },
  SPAM_MARKETING_PHRASES: { weight: 1.5, category: 'spam', description: 'Hard-sell marketing phrases' },
  UNSUBSCRIBE_TEXT_NO_HEADER: { weight: 0.7, category: 'spam', description: 'Unsubscribe wording in the body but no List-Unsubscribe header' },
  BULK_LIST_UNSUBSCRIBE: { weight: 0.5, category: 'spam', description: 'Bulk mail (List-Unsubscribe) alongside other spam traits' },
  SUBJECT_ALL_CAPS: { weight: 1.5, category: 'spam', description: 'Subject written in capitals' },
  SUBJECT_EXCESSIVE_PUNCTUATION: { weight: 1, category: 'spam', description: 'Runs of !, ? or currency signs in the subject' },
  SUBJECT_EMOJI: { weight: 3, category: 'spam', description: 'Emoji in the subject' },
  BODY_EMOJI_DENSE: { weight: 1.5, category: 'spam', description: 'Many emoji in a short body' },
  SUBJECT_HAS_ADDRESS: { weight: 2.5, category: 'spam', description: 'The subject quotes an email address; most of all the recipient\'s own' },
  FANCY_UNICODE_TEXT: { weight: 3, category: 'spam', description: 'Mathematical, small-capital or full-width letters used as styling' },
  HTML_MOSTLY_IMAGE: { weight: 2, category: 'spam', description: 'HTML body that is images with almost no text' },
  HTML_ONLY_BASE64: { weight: 1, category: 'spam', description: 'Base64-encoded HTML with no plain-text alternative' },
  UNDISCLOSED_RECIPIENTS: { weight: 2, category: 'spam', description: 'No visible recipients (To and Cc empty)' },
  MANY_RECIPIENTS: { weight: 1.5, category: 'spam', description: 'Many visible recipients' },
  MISSING_DATE: { weight: 1, category: 'spam', description: 'No Date header' },
  MISSING_MESSAGE_ID: { weight: 1.5, category: 'spam', description: 'No Message-ID header' },
  MESSAGE_ID_FOREIGN_DOMAIN: { weight: 0.2, category: 'spam', description: 'Message-ID domain unrelated to the sender' },
  GIBBERISH_TOKENS: { weight: 1.5, category: 'spam', description: 'Runs of random capital-and-digit tokens (hash busting)' },
  SPAM_TRAITS_COMBINED: { weight: 2, category: 'spam', description: 'Several independent spam traits in one message' },
  SUBJECT_RANDOM_TOKEN: { weight: 1.5, category: 'spam', description: 'A random mixed-case token in the subject (hash busting)' },
  UNFILLED_PLACEHOLDER: { weight: 2, category: 'spam', description: 'An unfilled mail-merge field ({firstname}, [username])' },
  ACCOUNT_NAME_SPAM: { weight: 4, category: 'spam', description: 'A site sign-up abused to mail an advert as the account name' },
  SUBJECT_PADDING: { weight: 2, category: 'spam', description: 'Subject padded with spaces to hide a tracking tag' },
  SUBJECT_ADV_TAG: { weight: 1.5, category: 'spam', description: 'Subject labelled as an advertisement (ADV:)' },
  SPAM_MAILER: { weight: 2.5, category: 'spam', description: 'X-Mailer of a known bulk-spam tool' },
  MAILER_RANDOM_TOKEN: { weight: 2.5, category: 'spam', description: 'X-Mailer is a random token, as spam kits write it' },
} as const satisfies Record<string, RuleInfo>;

export type BulkRule = keyof typeof BULK_RULES;
