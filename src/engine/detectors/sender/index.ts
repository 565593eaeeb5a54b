import { domainToUnicode } from 'node:url';
import type { Domain, MessageModel } from '../../../core/message.ts';
import type { Detector, DetectorContext } from '../../detector.ts';
import { toDomain } from '../../parse/domain.ts';
import { brandImpersonation, displayNameAddress, freemailCorporate, obfuscatedName, vipImpersonation, type SenderFinding } from './impersonation.ts';
import { BRAND_TARGETS, describeLookalike, findLookalikeCached, orgTargets } from './lookalike.ts';
import { objectId } from './memo.ts';
import { listedBrands } from './brand-list.ts';
import { isFreemail, isMailingList } from './message-facts.ts';
import { replyToFindings, returnPathFindings } from './reply-path.ts';
import { senderDomainFindings } from './sender-domain.ts';
import { SENDER_RULES } from './rules.ts';

/** Look-alike checks on the From domain, then on Reply-To domains: the first hit per kind is reported. */
function lookalikeFindings(msg: MessageModel, org: Domain[], lists: DetectorContext['lists']): SenderFinding[] {
  const out: SenderFinding[] = [];
  const targets = [...orgTargets(org), ...BRAND_TARGETS];
  const scope = `${objectId(lists)}|${org.map((d) => d.root_domain).join(',')}`;
  const candidates: { label: string; domain: Domain }[] = [{ label: 'Sender domain', domain: msg.sender.email.domain }];
  for (const r of msg.headers.reply_to.slice(0, 3)) candidates.push({ label: 'Reply-To domain', domain: r.email.domain });
  const seen = new Set<string>();
  for (const { label, domain } of candidates) {
    if (!domain.root_domain || seen.has(domain.domain) || isFreemail(domain, lists)) continue;
    seen.add(domain.domain);
    const m = findLookalikeCached(scope, domain, targets, { subdomainLabels: true, legitRoots: listedBrands(lists).roots });
    if (!m) continue;
    const rule = m.target.kind === 'org' ? 'LOOKALIKE_ORG_DOMAIN' : 'LOOKALIKE_BRAND_DOMAIN';
    if (out.some((f) => f.rule === rule)) continue;
    out.push({ rule, confidence: m.confidence, evidence: `${label} ${domain.domain} ${describeLookalike(m)}` });
  }
  return out;
}

function punycodeFinding(domain: Domain): SenderFinding[] {
  const ascii = domain.punycode ?? (domain.domain.includes('xn--') ? domain.domain : null);
  if (ascii === null && !/[^\x00-\x7f]/.test(domain.domain)) return [];
  const shown = ascii ? domainToUnicode(ascii) : domain.domain;
  return [{ rule: 'PUNYCODE_SENDER_DOMAIN', confidence: 1, evidence: `Sender domain ${shown}${ascii ? ` (${ascii})` : ''} is internationalised` }];
}

/**
 * Who the message claims to be from, and whether that holds together: VIP and brand impersonation, look-alike
 * domains, Reply-To / Return-Path pointing elsewhere, free-mail dressed as an organisation.
 */
export const senderDetector: Detector = {
  id: 'sender',
  rules: SENDER_RULES,
  timeoutMs: 250,
  detect(msg, ctx) {
    const sender = msg.sender;
    // No address at all (From: "Amazon Xmas" <>): the name is all we have, and it can still lie.
    if (!sender.email.email) return [...brandImpersonation(sender, ctx.lists), ...obfuscatedName(sender)];
    const listed = isMailingList(msg);
    const orgDomains = ctx.org.domains.map((d) => toDomain(d));
    const free = isFreemail(sender.email.domain, ctx.lists);
    const dmarcPass = msg.headers.auth_summary.dmarc.pass === true;
    const findings: SenderFinding[] = [
      ...vipImpersonation(sender, ctx.org),
      ...brandImpersonation(sender, ctx.lists),
      ...lookalikeFindings(msg, orgDomains, ctx.lists),
      ...punycodeFinding(sender.email.domain),
      ...senderDomainFindings(sender.email.domain, ctx.lists),
      ...replyToFindings(msg, ctx.lists, listed),
      ...returnPathFindings(msg, listed, dmarcPass),
      ...(free ? freemailCorporate(sender, ctx.org) : []),
      ...displayNameAddress(sender, listed),
      ...obfuscatedName(sender),
    ];
    return findings;
  },
};
