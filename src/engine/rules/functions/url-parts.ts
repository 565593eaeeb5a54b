/**
 * Local parsing of URLs, e-mail addresses and domains into the message model's shapes, for
 * `strings.parse_url`, `strings.parse_email` and `strings.parse_domain`. Public-suffix aware through tldts.
 */
import { parse as parseTld } from 'tldts';
import type { Domain, EmailAddress, Url } from '../../../core/message.ts';

export function toDomain(input: string): Domain {
  const host = input.trim().toLowerCase().replace(/\.$/, '');
  const info = parseTld(host, { allowPrivateDomains: false });
  const root = info.domain ?? host;
  const tld = info.publicSuffix ?? host.split('.').pop() ?? '';
  const sld = info.domainWithoutSuffix ?? root.split('.')[0] ?? '';
  const unicode = host.includes('xn--');
  return {
    domain: host,
    root_domain: root,
    sld,
    tld,
    subdomain: info.subdomain ? info.subdomain : null,
    punycode: unicode ? host : null,
    valid: Boolean(info.domain) || info.isIp === true,
  };
}

export function toUrl(input: string): Url | null {
  let raw = input.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(raw)) raw = 'http://' + raw;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  return {
    url: input,
    scheme: u.protocol.replace(/:$/, ''),
    domain: toDomain(u.hostname.replace(/^\[|\]$/g, '')),
    path: u.pathname || null,
    query_params: u.search ? u.search.slice(1) : null,
    fragment: u.hash ? u.hash.slice(1) : null,
    port: u.port ? Number(u.port) : null,
    username: u.username || null,
    password: u.password || null,
  };
}

export function toEmail(input: string): EmailAddress | null {
  const s = input.trim();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  return { email: s.toLowerCase(), local_part: s.slice(0, at), domain: toDomain(s.slice(at + 1)) };
}

/** `query_params_decoded`: each query key mapped to its decoded values, as Sublime exposes on URLs. */
export function decodeQuery(query: string | null): Record<string, string[]> | null {
  if (query === null) return null;
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (out[k] ??= []).push(v);
  return out;
}
