import type { RuleInfo } from '../../../core/verdict.ts';

/** Link rules and their default weights (tenants may override). Each rule fires at most once per message. */
export const LINK_RULES = {
  LINK_TEXT_MISMATCH: { weight: 3, category: 'phishing', description: 'A link shows one domain and leads to another' },
  IP_LITERAL_HOST: { weight: 2.5, category: 'phishing', description: 'A link points at a bare IP address' },
  PUNYCODE_HOST: { weight: 1.5, category: 'suspicious', description: 'A link host is internationalised (punycode / non-ASCII)' },
  LINK_LOOKALIKE_DOMAIN: { weight: 3.5, category: 'phishing', description: "A link domain imitates a well-known brand or the organisation's domain" },
  URL_SHORTENER: { weight: 2.5, category: 'suspicious', description: 'A link goes through a URL shortener' },
  OPEN_REDIRECT: { weight: 2.5, category: 'phishing', description: 'A link bounces through a redirector to another domain' },
  URL_USERINFO_TRICK: { weight: 3, category: 'phishing', description: 'A link hides its real host behind user@ information' },
  CREDENTIAL_HARVEST_PATH: { weight: 2, category: 'phishing', description: 'A link path looks like a login or account-verification page off the brand\'s own site' },
  RANDOM_SCRIPT_PATH: { weight: 2, category: 'suspicious', description: 'A link runs a randomly named script on an unrelated site (a redirector planted on a hacked site)' },
  DATA_URI: { weight: 3, category: 'phishing', description: 'A link is a data: or javascript: URI' },
  FREE_FILE_HOST: { weight: 1.5, category: 'suspicious', description: 'A link points at a free file-sharing service' },
  FREE_SUBDOMAIN_HOST: { weight: 2.5, category: 'suspicious', description: 'A link points at a free web-hosting or IPFS site anyone can publish on' },
  WEB_FORM_HOST: { weight: 2.5, category: 'phishing', description: 'A link points at a free web-form service (a common credential collector)' },
  SUSPICIOUS_TLD: { weight: 2, category: 'suspicious', description: 'A link uses a top-level domain favoured by abuse' },
  MANY_LINK_DOMAINS: { weight: 0.25, category: 'suspicious', description: 'Links lead to many distinct domains' },
  KNOWN_BAD_DOMAIN: { weight: 8, category: 'phishing', description: 'A link domain is on the local known-bad list' },
  KNOWN_BAD_URL: { weight: 8, category: 'phishing', description: 'A link URL is on the local known-bad list' },
} satisfies Record<string, RuleInfo>;

export type LinkRule = keyof typeof LINK_RULES;
