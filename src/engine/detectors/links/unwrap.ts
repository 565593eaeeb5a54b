import type { Url } from '../../../core/message.ts';
import { parseUrl } from '../../parse/url.ts';

/**
 * Security gateways rewrite every link (Microsoft Safe Links, Proofpoint URL Defense). Checks must look at the
 * original target, not at the gateway, or every rewritten message would look like an open redirect.
 */
export function unwrapSecurityLink(url: Url): Url {
  const host = url.domain.domain;
  if (host.endsWith('safelinks.protection.outlook.com')) {
    const inner = queryParam(url.query_params, 'url');
    return inner ? parseUrl(inner) : url;
  }
  if (host === 'urldefense.proofpoint.com' && url.path?.startsWith('/v2/')) {
    const u = queryParam(url.query_params, 'u');
    if (u) return parseUrl(decodeProofpointV2(u));
  }
  if (host === 'urldefense.com' && url.path?.startsWith('/v3/__')) {
    const m = /^\/v3\/__(.+?)__;/.exec(`${url.path}${url.query_params ? `?${url.query_params}` : ''}`);
    if (m) return parseUrl(m[1]!);
  }
  return url;
}

function decodeProofpointV2(u: string): string {
  return u.replace(/_/g, '/').replace(/-([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The decoded value of one query parameter (the first occurrence), or null. */
export function queryParam(query: string | null, name: string): string | null {
  if (!query) return null;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() === name) return safeDecode(eq < 0 ? '' : pair.slice(eq + 1));
  }
  return null;
}

/** Every query parameter, decoded, capped so that a hostile 10 000-parameter URL costs nothing. */
export function queryParams(query: string | null, max = 50): [string, string][] {
  if (!query) return [];
  return query
    .split('&', max)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return [(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase(), safeDecode(eq < 0 ? '' : pair.slice(eq + 1))] as [string, string];
    });
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
