import { LinkifyIt } from 'linkify-it';
import type { Link, LinkParser, Url } from '../../core/message.ts';
import { parseUrl } from './url.ts';

/**
 * linkify-it's fuzzy matching knows only a short TLD list; these are the newer generic TLDs phishing mail
 * actually uses, so `login-verify.top/x` in plain text is found too.
 */
const EXTRA_TLDS = (
  'top xyz online site club app dev live shop store link click icu buzz cyou cfd sbs rest bond vip win work life today ' +
  'tech space website fun host press cloud email digital network one world ltd group page support services ' +
  'solutions center company agency business finance bank money loan pro mobi tel travel media news blog'
).split(' ');

const linkify = new LinkifyIt();
linkify.set({ fuzzyLink: true, fuzzyIP: true, fuzzyEmail: false });
linkify.tlds(EXTRA_TLDS, true);

/** Longest visible text we try to read a URL out of: anchors with whole paragraphs inside are not URLs. */
const MAX_DISPLAY_SCAN = 2048;

const LOOKS_LIKE_HOST = /[a-z0-9-]\.[a-z0-9-]|:\/\//i;

/** URLs written in free text, in order, at most `max`. */
export function findTextUrls(text: string, max: number): { url: string; raw: string; index: number }[] {
  if (max <= 0) return [];
  const out: { url: string; raw: string; index: number }[] = [];
  for (const m of linkify.match(text) ?? []) {
    if (out.length >= max) break;
    if (m.schema === 'mailto:') continue;
    out.push({ url: m.url, raw: m.raw, index: m.index });
  }
  return out;
}

/** The URL the visible text spells, when it spells one. */
export function displayUrlOf(text: string | null): Url | null {
  if (!text || text.length > MAX_DISPLAY_SCAN) return null;
  const t = text.trim();
  // Cheap gate before linkify's large regex: most anchor texts ("Click here") name no host at all.
  if (!LOOKS_LIKE_HOST.test(t)) return null;
  const first = linkify.match(t)?.find((m) => m.schema !== 'mailto:');
  return first ? parseUrl(first.url) : null;
}

/** A model Link; `mismatched` when the text names another registrable domain than the real target. */
export function makeLink(href: string, text: string | null, parser: LinkParser, visible: boolean): Link {
  const href_url = parseUrl(href);
  const display_text = text && text.trim() !== '' ? text.trim() : null;
  const display_url = parser === 'html' ? displayUrlOf(display_text) : null;
  let mismatched = false;
  if (display_url && display_url.domain.domain !== '') {
    const a = display_url.domain.root_domain || display_url.domain.domain;
    const b = href_url.domain.root_domain || href_url.domain.domain;
    mismatched = a !== b;
  }
  return { href_url, display_text, display_url, mismatched, parser, visible };
}
