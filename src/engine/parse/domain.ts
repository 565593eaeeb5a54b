import { domainToASCII } from 'node:url';
import { parse as parseTld } from 'tldts';
import type { Domain, EmailAddress } from '../../core/message.ts';

/** Parsing the same host over and over is common (every link to one site): memoise, with a bounded cache. */
const cache = new Map<string, Domain>();
const CACHE_MAX = 20_000;

const EMPTY_DOMAIN: Domain = Object.freeze({
  domain: '',
  root_domain: '',
  sld: '',
  tld: '',
  subdomain: null,
  punycode: null,
  valid: false,
}) as Domain;

/**
 * A domain object as Sublime's MDM shapes it. The public-suffix split is done on the ASCII (xn--) form so
 * that internationalised look-alikes get a correct root domain; `domain` keeps the spelling that was seen.
 */
export function toDomain(input: string | null | undefined): Domain {
  if (!input) return { ...EMPTY_DOMAIN };
  const host = input.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (!host || host.length > 253) return { ...EMPTY_DOMAIN, domain: host.slice(0, 253) };
  const hit = cache.get(host);
  if (hit) return { ...hit };
  const made = computeDomain(host);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(host, made);
  return { ...made };
}

function computeDomain(host: string): Domain {
  const nonAscii = /[^\x00-\x7f]/.test(host);
  const ascii = nonAscii ? domainToASCII(host) || host : host;
  const punycode = ascii.includes('xn--') ? ascii : null;
  const p = parseTld(ascii);
  if (p.isIp) {
    return { domain: host, root_domain: host, sld: '', tld: '', subdomain: null, punycode: null, valid: true };
  }
  const labelsOk = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(ascii);
  const root = p.domain ?? '';
  const valid = labelsOk && Boolean(p.isIcann || p.isPrivate) && root !== '';
  return {
    domain: host,
    root_domain: root || host,
    sld: p.domainWithoutSuffix ?? '',
    tld: p.publicSuffix ?? '',
    subdomain: p.subdomain ? p.subdomain : null,
    punycode,
    valid,
  };
}

/** Splits an address at its last `@`; a value without one still yields an object (local part only). */
export function toEmailAddress(input: string | null | undefined): EmailAddress {
  const email = (input ?? '').trim().replace(/^<|>$/g, '').toLowerCase();
  const at = email.lastIndexOf('@');
  if (at < 0) return { email, local_part: email, domain: toDomain('') };
  return { email, local_part: email.slice(0, at), domain: toDomain(email.slice(at + 1)) };
}
