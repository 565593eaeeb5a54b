import { createHash } from 'node:crypto';
import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/**
 * The inline hold: a Gmail filter that moves every new message out of INBOX into the hidden hold label, so
 * nothing is readable before the verdict (the pipeline then does `hold_release`). Gmail filters need a
 * criterion; `negatedQuery` of a word no message contains matches all mail. The word is derived per tenant so
 * a sender cannot guess it and dodge the hold by including it.
 */
export function holdSentinel(serviceAccountEmail: string, domain: string): string {
  return 'mwhold' + createHash('sha256').update(`${serviceAccountEmail}|${domain}`).digest('hex').slice(0, 20);
}

/** Returns true when it created or deleted a filter. */
export async function setHoldFilter(
  gmail: gmail_v1.Gmail,
  holdLabelId: string,
  sentinel: string,
  enabled: boolean,
  backoff: BackoffPolicy,
): Promise<boolean> {
  const list = await withBackoff('filters.list', () => gmail.users.settings.filters.list({ userId: 'me' }), backoff);
  const ours = (list.data.filter ?? []).filter((f) => f.criteria?.negatedQuery === sentinel && f.action?.addLabelIds?.includes(holdLabelId));
  if (enabled && ours.length === 0) {
    await withBackoff('filters.create', () => gmail.users.settings.filters.create({
      userId: 'me',
      requestBody: { criteria: { negatedQuery: sentinel }, action: { addLabelIds: [holdLabelId], removeLabelIds: ['INBOX'] } },
    }), backoff);
    return true;
  }
  if (!enabled) {
    for (const f of ours) {
      const id = f.id!;
      await withBackoff('filters.delete', () => gmail.users.settings.filters.delete({ userId: 'me', id }), backoff);
    }
    return ours.length > 0;
  }
  return false;
}
