import type { Domain, Link, Url } from '../../../core/message.ts';
import type { ListSource } from '../../detector.ts';
import { listedBrands } from '../sender/brand-list.ts';
import { ESP_ROOTS } from '../sender/esp-domains.ts';
import { findLookalikeCached, isLegitimateFor, type LookalikeMatch, type LookalikeTarget } from '../sender/lookalike.ts';
import { credentialPathConfidence, isRandomScriptPath } from './credential-path.ts';
import { CONSUMER_CLOUD_HOSTS, FORM_HOSTS, FREE_FILE_HOSTS, FREE_SITE_HOSTS, IPFS_HOSTS, isGoogleDrawing, isGoogleForm, matchHost, suspiciousTld } from './hosts.ts';
import { findRedirect } from './redirect.ts';
import type { LinkRule } from './rules.ts';

/** One rule hit on one link, before the per-message roll-up. */
export interface LinkHit {
  rule: LinkRule;
  confidence: number;
  url: string;
  note?: string;
}

/** What every link check needs to know about the message, computed once. */
export interface LinkCheckContext {
  senderDomain: Domain;
  targets: readonly LookalikeTarget[];
  lists: ListSource;
  /** Look-alike results per host: many links share a host. */
  lookalikeCache: Map<string, LookalikeMatch | null>;
  /** Identifies the org domains and lists the targets came from, for the cross-message memo. */
  scope: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Hosts spelled as one number (http://3232235777/) or hex octets: browsers accept them, people cannot read them. */
const NUMERIC_HOST = /^(0x[0-9a-f]+|\d{8,10})$/i;

/** The host is an IP literal (dotted, integer, hex or IPv6). */
export function isIpHost(host: string): boolean {
  return IPV4.test(host) || NUMERIC_HOST.test(host) || (host.includes(':') && /^[0-9a-f:.]+$/i.test(host));
}

/** Private, loopback and link-local addresses: nobody phishes from an address the victim cannot reach. */
function isInternalIp(host: string): boolean {
  return /^(10\.|127\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(host) || host === '::1';
}

/**
 * A plain-text "link" that the text never spelled as one (no scheme, no www.): version numbers such as
 * 1.1.2.1 and file names such as sendmail.cf. Attackers write their links out in full.
 */
export function isFuzzyPlainLink(link: Link): boolean {
  return link.parser === 'plain' && link.display_text !== null && !/^(?:[a-z][a-z0-9+.-]*:|www\.)/i.test(link.display_text);
}

/** Links within the sender's own estate or its mail provider's trackers are the sender's business. */
function ownedBySender(domain: Domain, ctx: LinkCheckContext): boolean {
  const s = ctx.senderDomain;
  if (!domain.root_domain) return false;
  return (s.root_domain !== '' && (domain.root_domain === s.root_domain || (s.sld !== '' && domain.sld === s.sld))) || ESP_ROOTS.has(domain.root_domain);
}

function lookalike(domain: Domain, ctx: LinkCheckContext): LookalikeMatch | null {
  const key = domain.domain;
  if (!ctx.lookalikeCache.has(key)) ctx.lookalikeCache.set(key, findLookalikeCached(ctx.scope, domain, ctx.targets, { legitRoots: listedBrands(ctx.lists).roots }));
  return ctx.lookalikeCache.get(key) ?? null;
}

function schemeHits(url: Url): LinkHit[] {
  if (url.scheme === 'data') {
    const mime = /^data:([^;,]*)/i.exec(url.url)?.[1]?.toLowerCase() ?? '';
    return [{ rule: 'DATA_URI', confidence: mime.startsWith('image/') ? 0.4 : 1, url: url.url, note: mime || 'data' }];
  }
  // Old newsletters used javascript: pop-ups; a script link is odd in mail, not proof.
  if (url.scheme === 'javascript') return [{ rule: 'DATA_URI', confidence: 0.4, url: url.url, note: 'javascript' }];
  return [];
}

function hostHits(url: Url, ctx: LinkCheckContext): LinkHit[] {
  const hits: LinkHit[] = [];
  const d = url.domain;
  const host = d.domain;
  const push = (rule: LinkRule, confidence: number, note?: string) => hits.push({ rule, confidence, url: url.url, note });
  if (isIpHost(host) && !isInternalIp(host)) push('IP_LITERAL_HOST', 1);
  if (d.punycode !== null || /[^\x00-\x7f]/.test(host)) push('PUNYCODE_HOST', 1);
  if (url.username !== null && /[a-z0-9-]+\.[a-z]{2,}/i.test(url.username)) push('URL_USERINFO_TRICK', 1, `shows ${url.username} but goes to ${host}`);
  if (ctx.lists.get('url_shorteners').has(host) || ctx.lists.get('url_shorteners').has(d.root_domain)) push('URL_SHORTENER', 1);
  const bad = ctx.lists.get('bad_domains');
  if (bad.size > 0 && (bad.has(host) || bad.has(d.root_domain))) push('KNOWN_BAD_DOMAIN', 1);
  const badUrls = ctx.lists.get('bad_urls');
  if (badUrls.size > 0 && (badUrls.has(url.url.toLowerCase()) || badUrls.has(url.url.toLowerCase().replace(/\/$/, '')))) push('KNOWN_BAD_URL', 1);
  if (ownedBySender(d, ctx)) return hits;
  const m = lookalike(d, ctx);
  // Links name many sites in passing; an embedded brand word in one is weaker than in a sender domain.
  // Two-letter typos of long names are common in jokes and unrelated sites (microshaft.org); one is the attack.
  if (m && !(m.how === 'typo' && m.distance > 1)) push('LINK_LOOKALIKE_DOMAIN', m.how === 'embedded' ? 0.6 : m.confidence, `imitates ${m.target.name}`);
  if (matchHost(host, IPFS_HOSTS) || /^\/ipfs\/[a-z0-9]{20,}/i.test(url.path ?? '')) push('FREE_SUBDOMAIN_HOST', 1, 'IPFS');
  else if (matchHost(host, FREE_SITE_HOSTS)) push('FREE_SUBDOMAIN_HOST', 0.75);
  if (matchHost(host, FREE_FILE_HOSTS)) push('FREE_FILE_HOST', 1);
  else if (matchHost(host, CONSUMER_CLOUD_HOSTS)) push('FREE_FILE_HOST', 0.5);
  else if (isGoogleDrawing(url)) push('FREE_FILE_HOST', 0.75, 'Google Drawings/Slides');
  if (matchHost(host, FORM_HOSTS) || isGoogleForm(url)) push('WEB_FORM_HOST', 1);
  const tldScore = suspiciousTld(d, ctx.lists);
  if (tldScore > 0) push('SUSPICIOUS_TLD', tldScore);
  // An IP host already has its own rule; only an abused TLD makes a bare page name suspicious here.
  const cred = credentialPathConfidence(url, tldScore > 0);
  if (cred > 0 && !isLegitimateFor(d, ctx.targets)) push('CREDENTIAL_HARVEST_PATH', cred);
  if (isRandomScriptPath(url)) push('RANDOM_SCRIPT_PATH', 1);
  return hits;
}

function redirectHits(url: Url, ctx: LinkCheckContext): LinkHit[] {
  const r = findRedirect(url);
  if (!r || !r.target.domain.root_domain || r.target.domain.root_domain === url.domain.root_domain) return [];
  // Newsletters route clicks through their own or their ESP's tracker to their own site: not a redirect abuse.
  if (ownedBySender(url.domain, ctx) || ownedBySender(r.target.domain, ctx)) return [];
  return [{ rule: 'OPEN_REDIRECT', confidence: r.known ? 1 : 0.7, url: url.url, note: `to ${r.target.domain.domain}` }];
}

function mismatchHits(link: Link, target: Url, ctx: LinkCheckContext): LinkHit[] {
  const shown = link.display_url;
  if (!shown || !shown.domain.valid || isIpHost(shown.domain.domain) || !target.domain.root_domain) return [];
  if (shown.domain.root_domain === target.domain.root_domain) return [];
  // A click tracker that forwards to the very domain shown is bookkeeping, not deception.
  if (findRedirect(target)?.target.domain.root_domain === shown.domain.root_domain) return [];
  if (ownedBySender(target.domain, ctx) && !isLegitimateFor(shown.domain, ctx.targets)) return [];
  // Showing a brand's or the org's real domain while going elsewhere is the strongest form of the trick.
  const pretends = isLegitimateFor(shown.domain, ctx.targets);
  return [{ rule: 'LINK_TEXT_MISMATCH', confidence: pretends ? 1 : 0.8, url: target.url, note: `shows ${shown.domain.domain}` }];
}

/** Every check on one link; `target` is the link's real destination after security-gateway unwrapping. */
export function checkLink(link: Link, target: Url, ctx: LinkCheckContext): LinkHit[] {
  if (isFuzzyPlainLink(link)) return [];
  const scheme = schemeHits(target);
  if (scheme.length > 0) return scheme;
  if (target.scheme !== null && target.scheme !== 'http' && target.scheme !== 'https') return [];
  if (!target.domain.domain) return [];
  return [...hostHits(target, ctx), ...redirectHits(target, ctx), ...mismatchHits(link, target, ctx)];
}
