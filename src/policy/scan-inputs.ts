import type { AuthResult, MessageModel } from '../core/message.ts';
import type { MessageFacts, Policy } from './types.ts';

/** The domain a DKIM (`header.d`, else `header.i`) or SPF (`smtp.mailfrom`) result was for, from its details. */
function authenticatedDomain(result: AuthResult, keys: readonly string[]): string | null {
  for (const k of keys) {
    const m = new RegExp(`(?:^|[\\s;])${k.replace('.', '\\.')}\\s*=\\s*"?([^\\s;"()]+)`, 'i').exec(result.details ?? '');
    if (!m) continue;
    const value = m[1]!.toLowerCase();
    return value.slice(value.lastIndexOf('@') + 1) || null;
  }
  return null;
}

/**
 * Relaxed DMARC alignment: the authenticated domain and the From domain share the From's organisational
 * domain (`mail.bank.example` aligns with `bank.example`; `bank.example.evil` and `evil.example` do not).
 */
function aligned(domain: string | null, fromDomain: string, fromRoot: string): boolean {
  if (!domain || !fromDomain) return false;
  const org = fromRoot || fromDomain;
  return domain === fromDomain || domain === org || domain.endsWith(`.${org}`);
}

/**
 * Sender facts for decide(): the From address and whether it authenticated. DMARC decides when it was stamped;
 * otherwise only a DKIM or SPF pass for a domain aligned with the From counts. A pass for any other domain
 * (an attacker signs their own domain and writes the allowed sender into From) proves nothing about the
 * sender, and the allow list must never honour an unauthenticated claim.
 */
export function factsFromModel(model: MessageModel): MessageFacts {
  const auth = model.headers?.auth_summary;
  const from = model.sender?.email;
  const fromDomain = from?.domain?.domain?.toLowerCase() ?? '';
  const fromRoot = from?.domain?.root_domain?.toLowerCase() ?? '';
  const dmarc = auth?.dmarc?.pass;
  const dkim = auth?.dkim?.pass === true && aligned(authenticatedDomain(auth.dkim, ['header.d', 'header.i']), fromDomain, fromRoot);
  const spf = auth?.spf?.pass === true && aligned(authenticatedDomain(auth.spf, ['smtp.mailfrom']), fromDomain, fromRoot);
  const authenticated = dmarc === true || (dmarc == null && (dkim || spf));
  return { senderEmail: from?.email ?? null, authenticated };
}

/** The policy's per-rule weights and disabled rules in the engine's override shape. */
export function scanOverrides(policy: Policy): { weights: Record<string, number>; disabled: string[] } {
  return { weights: { ...policy.ruleWeights }, disabled: [...policy.disabledRules] };
}
