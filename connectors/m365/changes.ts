/**
 * Turn a notification or a catch-up request into the messages to scan.
 *
 * Notifications name message ids; we look them up in one `$batch` (20 per batch) to learn the folder: Sent
 * Items is outbound; our quarantine, Junk, Deleted Items and Drafts are skipped (that is where our own moves
 * land), as are messages carrying the release category (our move back to the Inbox); any other folder is
 * inbound, so mail a user's own inbox rule files away on arrival is scanned too.
 * Catch-up walks the delta of each watched folder from the stored cursor, so mail whose notification was lost
 * is still found; an expired delta token falls back to a bounded re-sync of the last `lookbackMs`.
 */
import { BatchRequestContent, BatchResponseContent } from '@microsoft/microsoft-graph-client';
import { isAppError } from '../../src/core/errors.ts';
import type { ChangeBatch, ChangeTrigger, Direction, MailboxRef } from '../../src/core/provider.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { DELTA_SELECT, initialDeltaPath, walkDelta, type DeltaItem } from './delta-sync.ts';
import type { FolderCache } from './folders.ts';
import { IMMUTABLE_IDS, seg, type GraphApi } from './graph-api.ts';
import type { M365Settings } from './settings.ts';

export interface WatchedFolders {
  /** folder id → direction */
  byId: Map<string, Direction>;
  /** cursor key → folder id */
  keys: Record<string, string>;
}

/** Well-known folders whose new arrivals are not new mail to scan (our own moves, drafts). */
const NOT_NEW_MAIL = ['junkemail', 'deleteditems', 'drafts', 'recoverableitemsdeletions'];

export class ChangeReader {
  /** How far back a re-sync after an expired delta token looks. */
  lookbackMs = 24 * 3600_000;

  constructor(private readonly api: GraphApi, private readonly folders: FolderCache, private readonly settings: M365Settings) {}

  async watched(mailboxId: string): Promise<WatchedFolders> {
    const keys: Record<string, string> = {
      inbox: await this.folders.wellKnown(mailboxId, 'inbox'),
      sentitems: await this.folders.wellKnown(mailboxId, 'sentitems'),
    };
    // The hold folder exists once the hold rule was installed; mail waiting there is inbound mail to scan.
    const hold = await this.folders.existing(mailboxId, this.settings.holdFolderName);
    if (hold) keys.hold = hold;
    const byId = new Map<string, Direction>([[keys.inbox, 'inbound'], [keys.sentitems, 'outbound']]);
    if (keys.hold) byId.set(keys.hold, 'inbound');
    return { byId, keys };
  }

  async list(mailbox: MailboxRef, trigger: ChangeTrigger, cursor: string | null): Promise<ChangeBatch> {
    if (trigger.kind === 'notification' && trigger.messageIds?.length) {
      return { messages: await this.resolve(mailbox.mailboxId, trigger.messageIds), nextCursor: null };
    }
    return this.catchUp(mailbox.mailboxId, cursor);
  }

  /** Establish delta links starting now, without listing old mail (on subscription create). */
  async baseline(mailboxId: string): Promise<string> {
    const w = await this.watched(mailboxId);
    const links: Record<string, string> = {};
    for (const [key, folderId] of Object.entries(w.keys)) links[key] = (await walkDelta(this.api, mailboxId, initialDeltaPath(mailboxId, folderId, new Date()))).link;
    return encodeCursor(links);
  }

  private async catchUp(mailboxId: string, cursor: string | null): Promise<ChangeBatch> {
    const w = await this.watched(mailboxId);
    const old = decodeCursor(cursor);
    const links: Record<string, string> = {};
    const found = new Map<string, Direction>();
    let fullSync = false;
    for (const [key, folderId] of Object.entries(w.keys)) {
      const fresh = initialDeltaPath(mailboxId, folderId, new Date(Date.now() - this.lookbackMs));
      let result: { items: DeltaItem[]; link: string };
      try {
        result = await walkDelta(this.api, mailboxId, old[key] ?? fresh);
        if (!old[key]) fullSync = true;
      } catch (err) {
        if (!isAppError(err) || err.code !== 'cursor_expired') throw err;
        result = await walkDelta(this.api, mailboxId, fresh);
        fullSync = true;
      }
      links[key] = result.link;
      for (const item of result.items) {
        const dir = w.byId.get(item.parentFolderId ?? folderId);
        if (dir && !this.isOurs(item)) found.set(item.id, dir);
      }
    }
    return { messages: [...found].map(([messageId, direction]) => ({ messageId, direction })), nextCursor: encodeCursor(links), ...(fullSync ? { fullSync } : {}) };
  }

  private isOurs(item: DeltaItem): boolean {
    return (item.categories ?? []).includes(this.settings.releasedCategory);
  }

  /** Folders a notified message is not scanned in. */
  private async skipped(mailboxId: string): Promise<Set<string>> {
    const ids = await Promise.all(NOT_NEW_MAIL.map((name) => this.folders.wellKnown(mailboxId, name)));
    const quarantine = await this.folders.existing(mailboxId, this.settings.quarantineFolderName);
    return new Set(quarantine ? [...ids, quarantine] : ids);
  }

  private async resolve(mailboxId: string, ids: string[]): Promise<ChangeBatch['messages']> {
    const w = await this.watched(mailboxId);
    const skip = await this.skipped(mailboxId);
    const out: ChangeBatch['messages'] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 20) {
      const chunk = unique.slice(i, i + 20);
      const content = new BatchRequestContent(
        chunk.map((id, n) => ({
          id: String(n),
          request: new Request(`https://graph.invalid/users/${seg(mailboxId)}/messages/${seg(id)}?$select=${DELTA_SELECT}`, { method: 'GET', headers: IMMUTABLE_IDS }),
        })),
      );
      const body = await content.getContent();
      const raw = await this.api.call(mailboxId, 'resolve notified messages', (c) => c.api('/$batch').post(body));
      const responses = new BatchResponseContent(raw);
      for (let n = 0; n < chunk.length; n++) {
        const res = responses.getResponseById(String(n));
        // 404: already moved away or deleted before we looked; nothing to scan.
        if (!res || res.status === 404) continue;
        if (res.status === 429 || res.status >= 500) {
          // Throttled inside the batch: fall back to a single gated call for this one.
          try {
            const item: DeltaItem = await this.api.call(mailboxId, 'resolve message', (c) => c.api(`/users/${seg(mailboxId)}/messages/${seg(chunk[n])}`).headers(IMMUTABLE_IDS).select(DELTA_SELECT).get());
            this.keepNotified(out, item, w, skip);
          } catch (err) {
            if (!isAppError(err) || err.code !== 'not_found') throw err;
          }
          continue;
        }
        if (!res.ok) continue;
        this.keepNotified(out, (await res.json()) as DeltaItem, w, skip);
      }
    }
    return out;
  }

  private keepNotified(out: ChangeBatch['messages'], item: DeltaItem, w: WatchedFolders, skip: Set<string>): void {
    const folder = item.parentFolderId ?? '';
    if (skip.has(folder) || this.isOurs(item)) return;
    out.push({ messageId: item.id, direction: w.byId.get(folder) ?? 'inbound' });
  }
}
