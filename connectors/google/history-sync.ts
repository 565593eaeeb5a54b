import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { AppError, describeError } from '../../src/core/errors.ts';
import type { ChangeBatch, Direction, MailboxRef } from '../../src/core/provider.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';
import type { PoisonLedger } from './poison-ledger.ts';

export interface HistorySyncOptions {
  backoff: BackoffPolicy;
  poison: PoisonLedger;
  /** history.list pages per call (500 records each); the rest continues from the returned cursor. */
  maxPages: number;
  /** Messages a full sync lists when the cursor is too old. */
  fullSyncLimit: number;
}

/** INBOX/other received mail is inbound, SENT is outbound, drafts are not mail yet. */
export function directionOf(labelIds: string[]): Direction | null {
  if (labelIds.includes('DRAFT')) return null;
  return labelIds.includes('SENT') ? 'outbound' : 'inbound';
}

/**
 * `history.list` (messageAdded) from `cursor`. Returns the messages to scan and the cursor to store once they
 * are enqueued: the response's historyId when every page was read, else the last record read. A 404 means the
 * cursor is older than Gmail's history (about a week) → bounded full sync of the newest INBOX messages, with
 * the cursor taken from the profile *before* listing so nothing that arrives meanwhile is lost.
 */
export async function syncHistory(gmail: gmail_v1.Gmail, mailbox: MailboxRef, cursor: string | null, o: HistorySyncOptions): Promise<ChangeBatch> {
  if (cursor === null) return fullSync(gmail, o);
  const mark = o.poison.total;
  const withSkipped = (batch: ChangeBatch): ChangeBatch => {
    const skipped = o.poison.since(mark, `${mailbox.tenantId}|${mailbox.mailboxId}|`);
    return skipped.length ? { ...batch, skipped } : batch;
  };
  const seen = new Map<string, Direction>();
  let pageToken: string | undefined;
  let lastRecord: string | null = null;
  for (let page = 0; page < o.maxPages; page++) {
    let data: gmail_v1.Schema$ListHistoryResponse;
    try {
      data = (await withBackoff('history.list', () => gmail.users.history.list({
        userId: 'me', startHistoryId: cursor, historyTypes: ['messageAdded'], maxResults: 500, pageToken,
      }), o.backoff)).data;
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return fullSync(gmail, o);
      throw err;
    }
    for (const record of data.history ?? []) {
      for (const added of record.messagesAdded ?? []) {
        await resolveEntry(gmail, mailbox, record.id ?? '', added.message ?? {}, seen, o);
      }
      lastRecord = record.id ?? lastRecord;
    }
    if (!data.nextPageToken) {
      return withSkipped({ messages: toList(seen), nextCursor: data.historyId ? String(data.historyId) : lastRecord });
    }
    pageToken = data.nextPageToken;
  }
  return withSkipped({ messages: toList(seen), nextCursor: lastRecord });
}

async function resolveEntry(
  gmail: gmail_v1.Gmail,
  mailbox: MailboxRef,
  recordId: string,
  message: gmail_v1.Schema$Message,
  seen: Map<string, Direction>,
  o: HistorySyncOptions,
): Promise<void> {
  if (!message.id || seen.has(message.id)) return;
  let labels = message.labelIds ?? null;
  if (labels === null) {
    // Older history records can lack labelIds; ask for them, and give up on the entry after N failures.
    const key = `${mailbox.tenantId}|${mailbox.mailboxId}|${recordId}|${message.id}`;
    try {
      const id = message.id;
      labels = (await withBackoff('messages.get', () => gmail.users.messages.get({ userId: 'me', id, format: 'minimal' }), o.backoff)).data.labelIds ?? [];
      o.poison.succeed(key);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return; // deleted since: nothing to scan
      if (o.poison.fail(key, describeError(err))) return;
      throw err;
    }
  }
  const direction = directionOf(labels);
  if (direction) seen.set(message.id, direction);
}

async function fullSync(gmail: gmail_v1.Gmail, o: HistorySyncOptions): Promise<ChangeBatch> {
  const profile = await withBackoff('getProfile', () => gmail.users.getProfile({ userId: 'me' }), o.backoff);
  const seen = new Map<string, Direction>();
  let pageToken: string | undefined;
  while (seen.size < o.fullSyncLimit) {
    const res = await withBackoff('messages.list', () => gmail.users.messages.list({
      userId: 'me', labelIds: ['INBOX'], maxResults: Math.min(500, o.fullSyncLimit - seen.size), pageToken,
    }), o.backoff);
    for (const m of res.data.messages ?? []) if (m.id) seen.set(m.id, 'inbound');
    if (!res.data.nextPageToken) break;
    pageToken = res.data.nextPageToken;
  }
  return { messages: toList(seen), nextCursor: String(profile.data.historyId), fullSync: true };
}

function toList(seen: Map<string, Direction>): ChangeBatch['messages'] {
  return [...seen].map(([messageId, direction]) => ({ messageId, direction }));
}
