import type { RuleInfo } from '../../../core/verdict.ts';

/**
 * The content detector's rule table. Weights are defaults (tenants override them); scoring multiplies them by
 * each finding's confidence, which grows with the number of distinct phrases seen.
 */
export const CONTENT_RULES = {
  CREDENTIAL_LURE: { weight: 4, category: 'phishing', description: 'Asks the reader to verify or re-enter account details' },
  ACCOUNT_THREAT: { weight: 3, category: 'phishing', description: 'Threatens suspension or loss of an account, files or subscription' },
  WALLET_LURE: { weight: 4.5, category: 'phishing', description: 'Crypto-wallet lure: recovery phrase, wallet verification or suspension' },
  DELIVERY_LURE: { weight: 3.5, category: 'phishing', description: 'Parcel held, failed delivery or customs fee lure' },
  GOVERNMENT_LURE: { weight: 4.5, category: 'phishing', description: 'Tax refund, fine, toll or government-record lure' },
  PAYMENT_CHANGE: { weight: 6, category: 'bec', description: 'Announces or requests a change of bank or payment details' },
  BEC_REQUEST: { weight: 3, category: 'bec', description: 'Availability check or favour request typical of CEO fraud' },
  GIFT_CARD_REQUEST: { weight: 6, category: 'bec', description: 'Asks the reader to buy gift cards or send card codes' },
  WIRE_REQUEST: { weight: 5, category: 'bec', description: 'Asks for an urgent wire or bank transfer' },
  ADVANCE_FEE: { weight: 6, category: 'phishing', description: 'Advance-fee fraud language: inheritance, beneficiary, millions to transfer' },
  EXTORTION: { weight: 7, category: 'phishing', description: 'Sextortion or extortion: claims of hacking or recording, payment in crypto' },
  BITCOIN_ADDRESS: { weight: 1.5, category: 'suspicious', description: 'A bitcoin address offered for payment' },
  CALLBACK_PHISHING: { weight: 6, category: 'phishing', description: 'A phone number to call about an invoice, renewal or charge' },
  GENERIC_GREETING: { weight: 2.5, category: 'suspicious', description: 'Impersonal mass-mail greeting (Dear Customer, Dear Friend)' },
  REPLY_TO_OTHER_FREEMAIL: { weight: 2, category: 'suspicious', description: 'The body asks for replies to a free-mail address other than the sender' },
  URGENCY_LANGUAGE: { weight: 2, category: 'suspicious', description: 'Deadline or threat language pressing for immediate action' },
  ZERO_WIDTH_OBFUSCATION: { weight: 4, category: 'suspicious', description: 'Invisible characters inserted between letters to dodge filters' },
  MIXED_SCRIPT_WORDS: { weight: 4, category: 'suspicious', description: 'Words mixing Latin with look-alike Cyrillic, Greek or other letters' },
  HIDDEN_LURE_TEXT: { weight: 3, category: 'phishing', description: 'Lure phrases present only in hidden HTML text' },
  HIDDEN_TEXT_SALTING: { weight: 1.5, category: 'suspicious', description: 'A large share of the HTML text is hidden from the reader' },
  TINY_FONT_TEXT: { weight: 2, category: 'suspicious', description: 'Text styled invisible: zero or one-pixel fonts' },
  OFFSCREEN_TEXT: { weight: 2, category: 'suspicious', description: 'Styles push content thousands of pixels off screen' },
  HTML_FORM_PASSWORD: { weight: 7, category: 'phishing', description: 'An HTML form in the body asks for a password' },
  HTML_FORM_OFFSITE: { weight: 3, category: 'phishing', description: 'An HTML form in the body posts to another site' },
  DOCUMENT_LURE_ATTACHMENT: { weight: 4, category: 'phishing', description: 'Invoice, payment or shared-document language with an HTML or archive attachment' },
} as const satisfies Record<string, RuleInfo>;

export type ContentRule = keyof typeof CONTENT_RULES;
