import { addressParser, type Email } from 'postal-mime';
import type { Mailbox } from '../../core/message.ts';
import { toMailbox, toMailboxes } from './headers.ts';

/** postal-mime keeps only the first From entry; when that one has no address, read the whole field again. */
export function fromMailboxes(email: Email): Mailbox[] {
  const first = toMailboxes(email.from);
  if (first.some((m) => m.email.email.includes('@'))) return first;
  const raw = email.headers.find((h) => h.key === 'from')?.value;
  if (!raw) return first;
  try {
    return toMailboxes(addressParser(raw.slice(0, 4096), { flatten: true }));
  } catch {
    return first;
  }
}

/**
 * The first From mailbox that has an address. Spammers write `Microsoft account team ,_<x@y>`: the comma
 * splits it into a name-only entry and the real mailbox, so names seen before the address are kept in front.
 */
export function pickSender(list: Mailbox[]): Mailbox {
  const at = list.findIndex((m) => m.email.email.includes('@'));
  if (at < 0) return list[0] ?? toMailbox(null, '');
  if (at === 0) return list[0]!;
  const names = list.slice(0, at + 1).map((m) => m.display_name ?? (m.email.email || null)).filter((n): n is string => Boolean(n));
  return { display_name: names.length ? names.join(', ') : null, email: list[at]!.email };
}
