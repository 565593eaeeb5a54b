import type { Link, LinkParser, Url } from '../../core/message.ts';
import { findTextUrls } from './text-urls.ts';
import { parseUrl } from './url.ts';

export { findTextUrls } from './text-urls.ts';

/** Longest visible text we try to read a URL out of: anchors with whole paragraphs inside are not URLs. */
const MAX_DISPLAY_SCAN = 2048;
const LOOKS_LIKE_HOST = /[a-z0-9-]\.[a-z0-9-]|:\/\//i;

/** The URL the visible text spells, when it spells one. */
export function displayUrlOf(text: string | null): Url | null {
  if (!text || text.length > MAX_DISPLAY_SCAN) return null;
  const t = text.trim();
  // Cheap gate before the URL regex: most anchor texts ("Click here") name no host at all.
  if (!LOOKS_LIKE_HOST.test(t)) return null;
  const first = findTextUrls(t, 1)[0];
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
