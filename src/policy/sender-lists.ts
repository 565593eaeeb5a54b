import type { SenderList } from './types.ts';

/** Lower-cased domain of an address, or '' when there is none. */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/**
 * Which entry of the list the sender matches, if any: the exact address, else the domain or a parent domain
 * (an entry `example.com` covers `mail.example.com`, never `badexample.com`).
 */
export function matchSender(list: SenderList, email: string | null | undefined): string | null {
  if (!email) return null;
  const address = email.toLowerCase();
  if (list.addresses.some((a) => a.toLowerCase() === address)) return address;
  const domain = domainOf(address);
  for (const entry of list.domains) {
    const d = entry.toLowerCase();
    if (domain === d || domain.endsWith(`.${d}`)) return d;
  }
  return null;
}
