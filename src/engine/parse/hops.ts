import { isIPv6 } from 'node:net';
import type { AuthSummary, HeaderField, Hop } from '../../core/message.ts';
import { emptyAuthSummary, isTrustedAuthServer, parseAuthResults, type ParsedAuthResults } from './auth-results.ts';

// Dotted quads not embedded in longer dotted runs (Gmail's SMTP ids contain "2023.07.26.10.59.04").
const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?!\.?\d)/g;
// IPv6 appears in brackets or parentheses in Received lines; candidates are confirmed by net.isIPv6.
const IPV6_WRAPPED = /[[(](?:IPv6:)?([0-9a-f:.]{2,45})[\])]/gi;

/** One Received header split into the parts analysts and detectors read. */
export function parseReceived(raw: string): NonNullable<Hop['received']> {
  const flat = raw.replace(/\s+/g, ' ').slice(0, 4096);
  const semi = flat.lastIndexOf(';');
  const time = semi >= 0 ? flat.slice(semi + 1).trim() || null : null;
  const by = /\bby\s+([^\s;()]+)/i.exec(flat);
  const fromClause = /^\s*from\s+(.*?)(?:\bby\b|\bwith\b|\bid\b|;|$)/i.exec(flat);
  const source = fromClause ? firstIp(fromClause[1]!) : null;
  return { raw, server_name: by ? by[1]!.toLowerCase() : null, source_ip: source, time };
}

export function firstIp(s: string): string | null {
  const found: { at: number; ip: string }[] = [];
  const v4 = new RegExp(IPV4.source, 'g').exec(s);
  if (v4) found.push({ at: v4.index, ip: v4[0] });
  for (const m of s.matchAll(IPV6_WRAPPED)) {
    if (isIPv6(m[1]!)) {
      found.push({ at: m.index!, ip: m[1]!.toLowerCase() });
      break;
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found[0]?.ip ?? null;
}

export function allIps(s: string, into: Set<string>, max: number): void {
  for (const m of s.matchAll(IPV4)) if (into.size < max) into.add(m[0]);
  for (const m of s.matchAll(IPV6_WRAPPED)) if (into.size < max && isIPv6(m[1]!)) into.add(m[1]!.toLowerCase());
}

const AUTH_NAMES = new Set(['authentication-results', 'arc-authentication-results']);

/**
 * Groups header fields into hops, one per Received header, index 0 the topmost (the last server to handle
 * the message). A hop holds its Received field and the fields below it up to the next Received: receivers
 * write their Authentication-Results together with, and under, their own Received line. Fields above the
 * first Received belong to hop 0.
 */
export function buildHops(fields: HeaderField[], cache?: Map<string, ParsedAuthResults>): Hop[] {
  const hops: Hop[] = [];
  let current: Hop | null = null;
  const leading: HeaderField[] = [];
  for (const f of fields) {
    const name = f.name.toLowerCase();
    if (name === 'received') {
      current = { index: hops.length, received: parseReceived(f.value), authentication_results: null, fields: [f] };
      if (hops.length === 0) current.fields.unshift(...leading);
      hops.push(current);
    } else if (current) current.fields.push(f);
    else leading.push(f);
  }
  if (hops.length === 0 && leading.length > 0) hops.push({ index: 0, received: null, authentication_results: null, fields: leading });
  for (const hop of hops) {
    const ar = hop.fields.find((f) => f.name.toLowerCase() === 'authentication-results') ?? hop.fields.find((f) => AUTH_NAMES.has(f.name.toLowerCase()));
    if (!ar) continue;
    const parsed = parseAuthResults(ar.value, cache);
    hop.authentication_results = { ...parsed.summary, raw: ar.value, server_name: parsed.server };
  }
  return hops;
}

/**
 * The auth summary the receiving side stamped. Among Authentication-Results, a stamp by Microsoft or Google
 * wins (Microsoft's final stamp has no authserv-id but carries compauth), else the topmost one; methods it
 * lacks are filled from a trusted ARC-Authentication-Results. ARC validity falls back to the newest ARC-Seal cv=.
 */
export function pickAuthSummary(fields: HeaderField[], cache?: Map<string, ParsedAuthResults>): AuthSummary {
  const ar: ParsedAuthResults[] = [];
  const arc: ParsedAuthResults[] = [];
  let seal: { i: number; cv: string } | null = null;
  for (const f of fields) {
    const name = f.name.toLowerCase();
    if (name === 'authentication-results') ar.push(parseAuthResults(f.value, cache));
    else if (name === 'arc-authentication-results') arc.push(parseAuthResults(f.value, cache));
    else if (name === 'arc-seal') {
      const i = Number(/\bi\s*=\s*(\d+)/.exec(f.value)?.[1] ?? 0);
      const cv = /\bcv\s*=\s*([a-z]+)/i.exec(f.value)?.[1]?.toLowerCase();
      if (cv && (!seal || i > seal.i)) seal = { i, cv };
    }
  }
  const trusted = (p: ParsedAuthResults) => isTrustedAuthServer(p.server) || (p.server === null && p.results.some((r) => r.method === 'compauth'));
  const chosen = ar.find(trusted) ?? ar.find((p) => p.results.length > 0) ?? arc.find(trusted) ?? null;
  const summary = chosen ? copySummary(chosen.summary) : emptyAuthSummary();
  const filler = arc.find(trusted);
  if (filler && filler !== chosen) {
    for (const key of Object.keys(summary) as (keyof AuthSummary)[]) {
      if (summary[key].verdict === null && filler.summary[key].verdict !== null) summary[key] = { ...filler.summary[key] };
    }
  }
  if (summary.arc.verdict === null && seal) {
    summary.arc = { pass: seal.cv === 'pass', verdict: seal.cv, details: `arc-seal i=${seal.i} cv=${seal.cv}` };
  }
  return summary;
}

function copySummary(s: AuthSummary): AuthSummary {
  return { spf: { ...s.spf }, dkim: { ...s.dkim }, dmarc: { ...s.dmarc }, compauth: { ...s.compauth }, arc: { ...s.arc } };
}
