import type { Domain, MessageModel } from '../../../core/message.ts';
import type { ListSource } from '../../detector.ts';

/** The first value of a header field, by case-insensitive name. */
export function headerValue(msg: MessageModel, name: string): string | null {
  const lower = name.toLowerCase();
  return msg.headers.fields.find((f) => f.name.toLowerCase() === lower)?.value ?? null;
}

/**
 * Mailing lists rewrite Reply-To, Return-Path and sometimes the display name: List-Id and its kin, or an old
 * `Precedence: list`, tell us a list server handled the message.
 */
export function isMailingList(msg: MessageModel): boolean {
  return msg.headers.fields.some((f) => {
    const n = f.name.toLowerCase();
    if (n === 'list-id' || n === 'list-post' || n === 'mailing-list' || n === 'x-mailing-list' || n === 'list-subscribe') return true;
    return n === 'precedence' && /\blist\b/i.test(f.value);
  });
}

/** Free-mail providers from the shipped list (`free_email_providers`); a domain or its root may be listed. */
export function isFreemail(domain: Domain, lists: ListSource): boolean {
  if (!domain.root_domain || !lists.has('free_email_providers')) return false;
  const set = lists.get('free_email_providers');
  return set.has(domain.domain) || set.has(domain.root_domain);
}

/** Two domains belong to one owner when their roots match or their second-level labels do (acme.de, acme.com). */
export function sameOwner(a: Domain, b: Domain): boolean {
  if (!a.root_domain || !b.root_domain) return false;
  return a.root_domain === b.root_domain || (a.sld !== '' && a.sld === b.sld);
}
