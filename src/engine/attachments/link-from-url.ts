/**
 * Turns a URL found inside a file (PDF annotation, QR code, HTML href, .url shortcut) into the message model's
 * Link, built by the same URL splitter as body links, so the same link detectors and MQL rules read both.
 */
import type { Link, LinkParser, Url } from '../../core/message.ts';
import { parseUrl as splitUrl } from '../parse/url.ts';

/** Schemes worth reporting from inside a file: the ones a click or an open follows. */
const SCHEMES = new Set(['http', 'https', 'ftp', 'file', 'mailto', 'smb']);

/** Parses `raw` as an absolute URL with a known scheme and a host; null otherwise. */
export function parseUrl(raw: string): Url | null {
  const text = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && !text.startsWith('\\\\')) return null;
  const url = splitUrl(text);
  if (text.startsWith('\\\\')) return url.domain.domain ? url : null;
  if (!url.scheme || !SCHEMES.has(url.scheme)) return null;
  if (url.scheme !== 'mailto' && url.scheme !== 'file' && !url.domain.domain) return null;
  return url;
}

/** A Link for a URL found in a file; null when `raw` is not a URL worth reporting. */
export function linkFromUrl(raw: string, parser: LinkParser, displayText: string | null = null): Link | null {
  const href = parseUrl(raw);
  if (!href) return null;
  const shown = displayText ? parseUrl(displayText) : null;
  return {
    href_url: href,
    display_text: displayText,
    display_url: shown,
    mismatched: Boolean(shown && shown.domain.root_domain !== href.domain.root_domain),
    parser,
    visible: true,
  };
}
