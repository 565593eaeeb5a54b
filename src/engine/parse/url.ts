import type { Url } from '../../core/message.ts';
import { toDomain } from './domain.ts';

/** Longest URL we keep whole: past this a link is truncated (it is still reported). */
const MAX_URL_CHARS = 8192;

/**
 * Splits a URL into Sublime's fields without WHATWG normalisation, so hosts keep the spelling the attacker
 * chose (unicode look-alikes, `@` tricks, odd ports) and nothing here can throw.
 */
export function parseUrl(input: string): Url {
  const url = input.trim().slice(0, MAX_URL_CHARS);
  let schemeMatch = /^([a-z][a-z0-9+-]{0,30}):/i.exec(url);
  // `host:8080/path` is a host with a port, not a scheme.
  if (schemeMatch && /^\d+(?:[/?#]|$)/.test(url.slice(schemeMatch[0].length))) schemeMatch = null;
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : null;
  let rest = schemeMatch ? url.slice(schemeMatch[0].length) : url;
  // Opaque schemes (mailto:, tel:, data:, javascript:) have no authority.
  const web = scheme === 'http' || scheme === 'https';
  const hierarchical = web || rest.startsWith('//') || rest.startsWith('\\\\') || (scheme === null && HOST_FIRST.test(rest));
  if (!hierarchical) return scheme === null ? relative(url) : opaque(url, scheme, rest);
  rest = rest.replace(/^[/\\]+/, '');
  const authEnd = findAuthorityEnd(rest);
  const authority = rest.slice(0, authEnd);
  const tail = rest.slice(authEnd);
  let userinfo: string | null = null;
  let hostPort = authority;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    userinfo = authority.slice(0, at);
    hostPort = authority.slice(at + 1);
  }
  let host = hostPort;
  let port: number | null = null;
  const portMatch = /^(.*?):(\d{1,5})$/.exec(hostPort);
  if (portMatch && !hostPort.endsWith(']')) {
    host = portMatch[1]!;
    port = Number(portMatch[2]);
  }
  const { path, query, fragment } = splitTail(tail);
  const [username, password] = splitUserinfo(userinfo);
  return {
    url,
    scheme,
    domain: toDomain(safeDecodeHost(host)),
    path,
    query_params: query,
    fragment,
    port,
    username,
    password,
  };
}

/** A scheme-less value that starts with a host name (`www.example.com/x`), as people write links in text. */
const HOST_FIRST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:[/?#]|$)/i;

/** A relative reference (`/path`, `#top`): no host of its own. */
function relative(url: string): Url {
  const { path, query, fragment } = splitTail(url);
  return { url, scheme: null, domain: toDomain(''), path, query_params: query, fragment, port: null, username: null, password: null };
}

function opaque(url: string, scheme: string | null, rest: string): Url {
  const at = scheme === 'mailto' ? rest.indexOf('@') : -1;
  const host = at >= 0 ? rest.slice(at + 1).split(/[?#]/)[0]! : '';
  const { query, fragment } = splitTail(rest.replace(/^[^?#]*/, ''));
  return { url, scheme, domain: toDomain(host), path: rest.split(/[?#]/)[0] ?? null, query_params: query, fragment, port: null, username: null, password: null };
}

function findAuthorityEnd(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // '/', '\\', '?', '#'
    if (c === 47 || c === 92 || c === 63 || c === 35) return i;
  }
  return s.length;
}

function splitTail(tail: string): { path: string | null; query: string | null; fragment: string | null } {
  let fragment: string | null = null;
  let query: string | null = null;
  let rest = tail;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { path: rest || null, query, fragment };
}

function splitUserinfo(userinfo: string | null): [string | null, string | null] {
  if (userinfo === null) return [null, null];
  const colon = userinfo.indexOf(':');
  return colon < 0 ? [userinfo, null] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
}

function safeDecodeHost(host: string): string {
  if (!host.includes('%')) return host;
  try {
    return decodeURIComponent(host);
  } catch {
    return host;
  }
}
