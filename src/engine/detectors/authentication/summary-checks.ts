import type { AuthResult, MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import type { ListSource, OrgProfile } from '../../detector.ts';
import { isFreemail } from '../sender/message-facts.ts';
import { compauthReason, dmarcPolicy, headerFromDomain } from './dmarc-policy.ts';
import type { AuthRule } from './rules.ts';

export type AuthFinding = Finding & { rule: AuthRule };

/** Results that are neither pass nor a real failure: the check could not be made. */
const INCONCLUSIVE = new Set(['none', 'neutral', 'temperror', 'permerror', 'policy', 'skipped']);

function stamped(r: AuthResult): boolean {
  return r.verdict !== null;
}

function excerpt(details: string | null): string {
  if (!details) return '';
  const d = details.replace(/\s+/g, ' ').trim();
  return ` (${d.length > 140 ? `${d.slice(0, 137)}...` : d})`;
}

function dmarcFindings(msg: MessageModel, scale: number, lists: ListSource): AuthFinding[] {
  const dmarc = msg.headers.auth_summary.dmarc;
  if (dmarc.verdict !== 'fail') return [];
  const domain = headerFromDomain(dmarc.details) ?? msg.sender.email.domain.domain;
  const policy = dmarcPolicy(dmarc.details);
  const evidence = `DMARC fail for ${domain}, policy ${policy}${excerpt(dmarc.details)}`;
  if (policy === 'reject') return [{ rule: 'DMARC_FAIL_POLICY_REJECT', confidence: scale, evidence }];
  if (policy === 'quarantine') return [{ rule: 'DMARC_FAIL_POLICY_QUARANTINE', confidence: scale, evidence }];
  // Gmail publishes p=none, yet mail really sent through Gmail always passes: a failure is a forged From.
  if (isFreemail(msg.sender.email.domain, lists)) return [{ rule: 'FREEMAIL_DMARC_FAIL', confidence: scale, evidence }];
  return [{ rule: 'DMARC_FAIL', confidence: scale, evidence }];
}

/**
 * SPF and DKIM failures matter when DMARC did not rescue the message: a forwarded message fails SPF yet
 * passes DMARC through its aligned DKIM signature, and that is fine.
 */
function spfDkimFindings(msg: MessageModel, scale: number): AuthFinding[] {
  const { spf, dkim, dmarc } = msg.headers.auth_summary;
  if (dmarc.pass === true) return [];
  const out: AuthFinding[] = [];
  if (spf.verdict === 'fail' || spf.verdict === 'hardfail') out.push({ rule: 'SPF_FAIL', confidence: scale, evidence: `SPF ${spf.verdict}${excerpt(spf.details)}` });
  else if (spf.verdict === 'softfail') out.push({ rule: 'SPF_SOFTFAIL', confidence: scale, evidence: `SPF softfail${excerpt(spf.details)}` });
  if (dkim.verdict === 'fail') out.push({ rule: 'DKIM_FAIL', confidence: scale, evidence: `DKIM fail${excerpt(dkim.details)}` });
  return out;
}

function compauthFindings(msg: MessageModel, scale: number): AuthFinding[] {
  const { compauth, dmarc } = msg.headers.auth_summary;
  // An explicit DMARC failure already says it; compauth adds news only when it caught an implicit spoof.
  if (dmarc.verdict === 'fail' || (compauth.verdict !== 'fail' && compauth.verdict !== 'softfail')) return [];
  const reason = compauthReason(compauth.details);
  return [{ rule: 'COMPAUTH_FAIL', confidence: (compauth.verdict === 'fail' ? 1 : 0.5) * scale, evidence: `compauth=${compauth.verdict}${reason ? ` reason=${reason}` : ''} for ${msg.sender.email.domain.domain || 'the sender'}` }];
}

function arcFindings(msg: MessageModel): AuthFinding[] {
  const arc = msg.headers.auth_summary.arc;
  return arc.verdict === 'fail' ? [{ rule: 'ARC_FAIL', confidence: 1, evidence: `ARC ${arc.verdict}${excerpt(arc.details)}` }] : [];
}

/** Stamped but nothing passed, and no explicit DMARC fail (that has its own rule): an unauthenticated sender. */
function nothingPassed(msg: MessageModel): boolean {
  const { spf, dkim, dmarc } = msg.headers.auth_summary;
  if (!stamped(spf) && !stamped(dkim) && !stamped(dmarc)) return false;
  return spf.pass !== true && dkim.pass !== true && dmarc.pass !== true && (dmarc.verdict === null || INCONCLUSIVE.has(dmarc.verdict));
}

function noAuthFindings(msg: MessageModel, org: OrgProfile): AuthFinding[] {
  const { spf, dkim, dmarc } = msg.headers.auth_summary;
  const fromDomain = msg.sender.email.domain;
  const claimsOrg = org.domains.some((d) => d.toLowerCase() === fromDomain.root_domain || d.toLowerCase() === fromDomain.domain);
  const inbound = msg.type.inbound || !msg.type.outbound;
  const failed = stamped(spf) || stamped(dkim) || stamped(dmarc) ? spf.pass !== true && dkim.pass !== true && dmarc.pass !== true : false;
  if (claimsOrg && inbound && failed) {
    return [{ rule: 'ORG_DOMAIN_SPOOF', confidence: 1, evidence: `Inbound message from ${msg.sender.email.email} (an organisation domain) with spf=${spf.verdict ?? 'none'} dkim=${dkim.verdict ?? 'none'} dmarc=${dmarc.verdict ?? 'none'}` }];
  }
  if (!nothingPassed(msg)) return [];
  return [{ rule: 'NO_AUTHENTICATION', confidence: 1, evidence: `Nothing authenticates ${fromDomain.domain || 'the sender'}: spf=${spf.verdict ?? 'none'} dkim=${dkim.verdict ?? 'none'} dmarc=${dmarc.verdict ?? 'none'}` }];
}

/**
 * Findings from the receiver's Authentication-Results as the parser summarised them. Mailing lists break
 * SPF and DKIM honestly, so their failures count half.
 */
export function authSummaryFindings(msg: MessageModel, org: OrgProfile, lists: ListSource, listed: boolean): AuthFinding[] {
  const scale = listed ? 0.5 : 1;
  return [...dmarcFindings(msg, scale, lists), ...spfDkimFindings(msg, scale), ...compauthFindings(msg, scale), ...arcFindings(msg), ...noAuthFindings(msg, org)];
}
