import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import type { MailboxRef, SubscriptionState } from '../../src/core/provider.ts';
import { AppError } from '../../src/core/errors.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/** A watch lasts 7 days; Google advises calling watch daily, so anything older than a day is renewed. */
const RENEW_WHEN_LEFT_MS = 6 * 24 * 3600_000;

/**
 * users.watch on INBOX and SENT (plus `extraLabels`: the hold label, whose mail has no INBOX) to the tenant's Pub/Sub topic. Gmail pushes to the topic, not to a URL, so
 * the notification URL lives on the Pub/Sub push subscription and is not an argument here. Renewing keeps the
 * stored cursor: jumping it to the watch's historyId would skip mail that arrived during a gap.
 */
export async function ensureWatch(
  gmail: gmail_v1.Gmail,
  mailbox: MailboxRef,
  existing: SubscriptionState | null,
  topicName: string,
  backoff: BackoffPolicy,
  now = Date.now(),
  extraLabels: () => Promise<string[]> = async () => [],
): Promise<SubscriptionState> {
  if (existing && existing.expiresAt.getTime() - now > RENEW_WHEN_LEFT_MS) return existing;
  const labelIds = ['INBOX', 'SENT', ...(await extraLabels())];
  const res = await withBackoff('users.watch', () => gmail.users.watch({
    userId: 'me',
    requestBody: { topicName, labelIds, labelFilterBehavior: 'include' },
  }), backoff);
  if (!res.data.historyId || !res.data.expiration) throw new AppError('provider_unavailable', 'users.watch answered without historyId');
  return {
    id: `${topicName}#${mailbox.address.toLowerCase()}`,
    expiresAt: new Date(Number(res.data.expiration)),
    secret: null,
    cursor: existing?.cursor ?? String(res.data.historyId),
  };
}

export async function stopWatch(gmail: gmail_v1.Gmail, backoff: BackoffPolicy): Promise<void> {
  try {
    await withBackoff('users.stop', () => gmail.users.stop({ userId: 'me' }), backoff);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'mailbox_unavailable')) return;
    throw err;
  }
}
