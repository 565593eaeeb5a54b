import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { AppError } from '../../src/core/errors.ts';
import type { HeldMessage } from '../../src/core/provider.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/** The hold label holds a few minutes of mail at most; this caps the reads if it ever holds far more. */
const MAX_LISTED = 1000;

/**
 * Messages carrying the hold label (still held: no INBOX yet), received before `olderThan`, oldest first.
 * `messages.list` gives ids only, so each is read once (format=minimal) for its internalDate (receipt time).
 */
export async function listHeldMessages(gmail: gmail_v1.Gmail, holdLabelId: string, olderThan: Date, limit: number, backoff: BackoffPolicy): Promise<HeldMessage[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const res = await withBackoff('messages.list', () => gmail.users.messages.list({ userId: 'me', labelIds: [holdLabelId], maxResults: 500, pageToken }), backoff);
    for (const m of res.data.messages ?? []) if (m.id) ids.push(m.id);
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken && ids.length < MAX_LISTED);
  const out: HeldMessage[] = [];
  for (const id of ids) {
    let data: gmail_v1.Schema$Message;
    try {
      data = (await withBackoff('messages.get', () => gmail.users.messages.get({ userId: 'me', id, format: 'minimal' }), backoff)).data;
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') continue; // deleted since the list
      throw err;
    }
    const labels = data.labelIds ?? [];
    const at = new Date(Number(data.internalDate ?? NaN));
    if (!labels.includes(holdLabelId) || labels.includes('INBOX') || Number.isNaN(at.getTime())) continue;
    if (at < olderThan) out.push({ messageId: id, receivedAt: at });
  }
  return out.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()).slice(0, limit);
}
