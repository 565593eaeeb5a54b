import type { Url } from '../../../core/message.ts';
import { parseUrl } from '../../parse/url.ts';
import { matchHost } from './hosts.ts';
import { safeDecode } from './unwrap.ts';

const QUERY_PARAMS_READ = 50;

/** Query parameters that redirectors read the destination from. */
const REDIRECT_PARAMS = new Set(
  (
    'url u q redirect redirect_uri redirect_url redirecturl redirectto redir return returnurl return_url returnto next dest ' +
    'destination target goto go link out to continue r rurl adurl ds_dest_url dest_url forward location uri'
  ).split(' '),
);

/** Redirectors attackers borrow for their reputation: a hit through one of these is more telling. */
const KNOWN_REDIRECTORS: ReadonlySet<string> = new Set([
  'google.com', 'www.google.com', 'bing.com', 'l.facebook.com', 'lm.facebook.com', 'l.instagram.com', 'youtube.com',
  'away.vk.com', 'doubleclick.net', 'googleadservices.com', 'dartsearch.net', 'smartlink.hubspot.com', 'linkedin.com',
  'track.adform.net', 'out.reddit.com', 'href.li', 'slack-redir.net', 'exit.sc', 'urlz.fr', 'webmail.ua',
]);

export interface Redirect {
  target: Url;
  /** Through a well-known, widely abused redirector (Google /url, Facebook l.php, Bing /ck...). */
  known: boolean;
}

function asAbsoluteUrl(value: string): string | null {
  let v = value.trim();
  if (/^https?%3a/i.test(v)) v = safeDecode(v);
  // Base64 destinations ("aHR0cHM6Ly9" is "https://"), as Bing and many trackers use.
  const b64 = /^(?:a1)?(aHR0c[A-Za-z0-9+/_-]{8,}={0,2})$/.exec(v);
  if (b64) v = Buffer.from(b64[1]!.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  if (/^https?:\/\/[^/\s]/i.test(v)) return v;
  if (/^\/\/[a-z0-9-]+\.[a-z]/i.test(v)) return `https:${v}`;
  if (/^www\.[a-z0-9-]+\.[a-z]/i.test(v)) return `http://${v}`;
  return null;
}

/**
 * The destination a URL forwards to, read from a redirect parameter, an AMP path or a URL embedded in the
 * path; null when the URL carries none.
 */
export function findRedirect(url: Url): Redirect | null {
  // The link checks ask twice per link (redirect abuse, then text mismatch): answer once per Url object.
  if (found.has(url)) return found.get(url)!;
  const r = computeRedirect(url);
  found.set(url, r);
  return r;
}

const found = new WeakMap<Url, Redirect | null>();

function computeRedirect(url: Url): Redirect | null {
  const host = url.domain.domain;
  const known = matchHost(host, KNOWN_REDIRECTORS) !== null;
  // The first 50 parameters, as queryParams() reads them; only those named like a redirect are decoded.
  for (const pair of url.query_params ? url.query_params.split('&', QUERY_PARAMS_READ) : []) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (!REDIRECT_PARAMS.has(key)) continue;
    // Google's q= is a search term on /search: only /url and friends redirect.
    if (key === 'q' && !/^\/(url|local_url|imgres)$/i.test(url.path ?? '')) continue;
    const abs = asAbsoluteUrl(safeDecode(eq < 0 ? '' : pair.slice(eq + 1)));
    if (abs) return { target: parseUrl(abs), known };
  }
  const path = url.path ?? '';
  const amp = /^\/amp\/s\/([a-z0-9.-]+\.[a-z]{2,}\/?.*)$/i.exec(path);
  if (amp && url.domain.sld === 'google') return { target: parseUrl(`https://${amp[1]}`), known: true };
  const embedded = /\/(https?(?::|%3a)(?:\/|%2f){2}[^\s]+)$/i.exec(path);
  if (embedded) return { target: parseUrl(safeDecode(embedded[1]!)), known };
  return null;
}
