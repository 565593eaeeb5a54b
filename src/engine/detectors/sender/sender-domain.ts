import type { Domain } from '../../../core/message.ts';
import type { ListSource } from '../../detector.ts';
import { FREE_SITE_HOSTS, matchHost, suspiciousTld } from '../links/hosts.ts';
import type { SenderFinding } from './impersonation.ts';

/**
 * Platforms whose subdomains anyone can claim and send from: a Microsoft 365 trial tenant's default domain,
 * Firebase's auth mailer, Mailgun sandboxes. Help-desk platforms carry real support mail too, so they count less.
 */
const SHARED_SENDER_ROOTS: ReadonlySet<string> = new Set(['onmicrosoft.com', 'mailgun.org', ...FREE_SITE_HOSTS]);
const HELPDESK_ROOTS: ReadonlySet<string> = new Set(['zendesk.com', 'freshdesk.com', 'helpscoutapp.com', 'zohodesk.com']);

/** Where the sender's domain lives: a shared platform subdomain, or not a registrable domain at all. */
export function senderDomainFindings(domain: Domain, lists: ListSource): SenderFinding[] {
  if (!domain.domain) return [];
  if (!domain.valid) {
    return [{ rule: 'SENDER_DOMAIN_INVALID', confidence: 1, evidence: `Sender domain "${domain.domain.slice(0, 80)}" is not a valid registrable domain` }];
  }
  const tld = suspiciousTld(domain, lists);
  const out: SenderFinding[] = tld > 0 ? [{ rule: 'SENDER_SUSPICIOUS_TLD', confidence: tld, evidence: `Sender domain ${domain.domain} uses the abuse-prone TLD .${domain.tld.split('.').pop()}` }] : [];
  const shared = matchHost(domain.domain, SHARED_SENDER_ROOTS);
  if (shared && domain.domain !== shared) {
    return [...out, { rule: 'SENDER_SHARED_HOST_DOMAIN', confidence: 1, evidence: `Sender domain ${domain.domain} is a subdomain of the shared platform ${shared}` }];
  }
  const desk = matchHost(domain.domain, HELPDESK_ROOTS);
  if (desk && domain.domain !== desk) {
    return [...out, { rule: 'SENDER_SHARED_HOST_DOMAIN', confidence: 0.5, evidence: `Sender domain ${domain.domain} is a tenant of the help-desk platform ${desk}` }];
  }
  return out;
}
