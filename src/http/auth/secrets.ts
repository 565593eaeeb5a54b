import { createHash, randomBytes } from 'node:crypto';

/** Session ids and API tokens: 32 random bytes; only their sha256 is ever stored. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const TOKEN_PREFIX = 'mwt_';
export const SESSION_COOKIE = 'mw_session';

/** Reads one cookie without a parser dependency (names are ours; values are base64url). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
