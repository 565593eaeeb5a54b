import type { Link } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import type { Detector } from '../../detector.ts';
import { toDomain } from '../../parse/domain.ts';
import { BRAND_TARGETS, orgTargets } from '../sender/lookalike.ts';
import { objectId } from '../sender/memo.ts';
import { defang } from './defang.ts';
import { checkLink, isFuzzyPlainLink, type LinkCheckContext, type LinkHit } from './link-checks.ts';
import { LINK_RULES, type LinkRule } from './rules.ts';
import { unwrapSecurityLink } from './unwrap.ts';

/**
 * Distinct web domains past which a message reads like a link farm. Measured on phish-dev vs SpamAssassin
 * ham this fires on digests and newsletters far more than on phishing, so it stays a faint hint.
 */
const MANY_DOMAINS = 20;
/** URLs named per finding: enough to act on, short enough to read. */
const SHOWN = 3;

function evidenceFor(rule: LinkRule, hits: LinkHit[]): string {
  const urls = [...new Set(hits.map((h) => (h.note ? `${defang(h.url)} (${h.note})` : defang(h.url))))];
  const more = urls.length > SHOWN ? ` and ${urls.length - SHOWN} more` : '';
  return `${LINK_RULES[rule].description}: ${urls.slice(0, SHOWN).join(', ')}${more}`;
}

/** One finding per rule: the strongest hit sets the confidence, the evidence names the first few URLs. */
function rollUp(hits: LinkHit[]): Finding[] {
  const byRule = new Map<LinkRule, LinkHit[]>();
  for (const h of hits) byRule.set(h.rule, [...(byRule.get(h.rule) ?? []), h]);
  return [...byRule].map(([rule, list]) => {
    const sorted = list.sort((a, b) => b.confidence - a.confidence);
    return { rule, confidence: sorted[0]!.confidence, evidence: evidenceFor(rule, sorted) };
  });
}

/** Links by distinct href: the same URL repeated twenty times in a newsletter is checked once. */
function distinctLinks(links: readonly Link[], max: number): Link[] {
  const seen = new Map<string, Link>();
  for (const l of links) {
    if (seen.size >= max) break;
    const key = `${l.href_url.url}\u0000${l.display_url?.domain.root_domain ?? ''}`;
    if (!seen.has(key)) seen.set(key, l);
  }
  return [...seen.values()];
}

/**
 * Where the message's links really go: mismatched text, IP and punycode hosts, shorteners, open redirects,
 * credential-harvest paths, data: URIs, free hosting and forms, abused TLDs and the local known-bad lists.
 */
export const linksDetector: Detector = {
  id: 'links',
  rules: LINK_RULES,
  timeoutMs: 500,
  detect(msg, ctx) {
    const links = distinctLinks(msg.body.links, ctx.limits.maxUrls);
    if (links.length === 0) return [];
    const check: LinkCheckContext = {
      senderDomain: msg.sender.email.domain,
      targets: [...orgTargets(ctx.org.domains.map((d) => toDomain(d))), ...BRAND_TARGETS],
      lists: ctx.lists,
      lookalikeCache: new Map(),
      scope: `${objectId(ctx.lists)}|${ctx.org.domains.join(',').toLowerCase()}`,
    };
    const hits: LinkHit[] = [];
    const webDomains = new Set<string>();
    for (const [i, link] of links.entries()) {
      if (i % 100 === 99 && ctx.signal.aborted) break;
      if (isFuzzyPlainLink(link)) continue;
      const target = unwrapSecurityLink(link.href_url);
      if ((target.scheme === 'http' || target.scheme === 'https') && target.domain.root_domain) webDomains.add(target.domain.root_domain);
      hits.push(...checkLink(link, target, check));
    }
    const findings = rollUp(hits);
    if (webDomains.size > MANY_DOMAINS) {
      findings.push({ rule: 'MANY_LINK_DOMAINS', confidence: 1, evidence: `Links lead to ${webDomains.size} distinct domains` });
    }
    return findings;
  },
};
