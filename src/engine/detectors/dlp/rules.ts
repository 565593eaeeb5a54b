import type { RuleInfo } from '../../../core/verdict.ts';

const dlp = (weight: number, description: string): RuleInfo => ({ weight, category: 'dlp', description });

/** Outbound sensitive-data rules. Category `dlp`: they never make an inbound message look like a threat. */
export const DLP_RULES: Record<string, RuleInfo> = {
  DLP_PAYMENT_CARD: dlp(5, 'Payment card number (Luhn-valid, known issuer range) in outbound mail'),
  DLP_IBAN: dlp(3, 'IBAN (valid mod-97 and country length) in outbound mail'),
  DLP_US_SSN: dlp(5, 'US Social Security number (valid ranges, not a test number) in outbound mail'),
  DLP_UK_NINO: dlp(4, 'UK National Insurance number in outbound mail'),
  DLP_AWS_ACCESS_KEY: dlp(6, 'AWS access key id in outbound mail'),
  DLP_AWS_SECRET_KEY: dlp(8, 'AWS secret access key in outbound mail'),
  DLP_PRIVATE_KEY: dlp(8, 'Private key block in outbound mail'),
  DLP_ACCESS_TOKEN: dlp(7, 'Access token (GitHub, Slack, Google API, Stripe) in outbound mail'),
  DLP_JWT: dlp(4, 'JSON Web Token in outbound mail'),
  DLP_CONNECTION_STRING: dlp(7, 'Database / broker connection string with a password in outbound mail'),
  DLP_CUSTOM_PATTERN: dlp(4, "Tenant-defined sensitive pattern in outbound mail"),
  DLP_WORD_LIST: dlp(3, 'Tenant word list reached its count in outbound mail'),
};
