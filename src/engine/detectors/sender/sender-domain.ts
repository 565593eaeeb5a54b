import type { Domain } from '../../../core/message.ts';
import { FREE_SITE_HOSTS, matchHost } from '../links/hosts.ts';
import type { SenderFinding } from './impersonation.ts';

/**
 * Platforms whose subdomains anyone can claim and send from: a Microsoft 365 trial tenant's default domain,
 * Firebase's auth mailer, Mailgun sandboxes. Help-desk platforms carry real support mail too, so they count less.
 */
const SHARED_SENDER_ROOTS: ReadonlySet<string> = new Set(['onmicrosoft.com', 'mailgun.org', ...FREE_SITE_HOSTS]);
const HELPDESK_ROOTS: ReadonlySet<string> = new Set(['zendesk.com', 'freshdesk.com', 'helpscoutapp.com', 'zohodesk.com']);

/** Where the sender's domain lives: a shared platform subdomain, or not a registrable domain at all. */
export function senderDomainFindings(domain: Domain): SenderFinding[] {
  if (!domain.domain) return [];
  if (!domain.valid) {
    return [{ rule: 'SENDER_DOMAIN_INVALID', confidence: 1, evidence: `Sender domain "${domain.domain.slice(0, 80)}" is not a valid registrable domain` }];
  }
  const shared = matchHost(domain.domain, SHARED_SENDER_ROOTS);
  if (shared && domain.domain !== shared) {
    return [{ rule: 'SENDER_SHARED_HOST_DOMAIN', confidence: 1, evidence: `Sender domain ${domain.domain} is a subdomain of the shared platform ${shared}` }];
  }
  const desk = matchHost(domain.domain, HELPDESK_ROOTS);
  if (desk && domain.domain !== desk) {
    return [{ rule: 'SENDER_SHARED_HOST_DOMAIN', confidence: 0.5, evidence: `Sender domain ${domain.domain} is a tenant of the help-desk platform ${desk}` }];
  }
  return [];
}
