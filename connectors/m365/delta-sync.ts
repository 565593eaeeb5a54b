/**
 * Delta query per folder: walk `@odata.nextLink` pages to the `@odata.deltaLink`, which becomes the cursor.
 * A first walk starts at "received since <time>" so connecting a mailbox does not rescan its history. An
 * expired token (410 / SyncStateNotFound) surfaces as `cursor_expired`; the caller restarts with a lookback.
 */
import { AppError } from '../../src/core/errors.ts';
import { IMMUTABLE_IDS, seg, type GraphApi } from './graph-api.ts';

export interface DeltaItem {
  id: string;
  parentFolderId?: string;
  categories?: string[];
  '@removed'?: unknown;
}

interface DeltaPage {
  value: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export const DELTA_SELECT = 'id,parentFolderId,categories';

export function initialDeltaPath(mailboxId: string, folder: string, since: Date): string {
  const filter = encodeURIComponent(`receivedDateTime ge ${since.toISOString()}`);
  return `/users/${seg(mailboxId)}/mailFolders/${seg(folder)}/messages/delta?$select=${DELTA_SELECT}&$filter=${filter}`;
}

/** Walks at most `maxPages` pages; a mailbox with more changes than that continues from the nextLink next time. */
export async function walkDelta(api: GraphApi, mailboxId: string, start: string, maxPages = 50): Promise<{ items: DeltaItem[]; link: string }> {
  const items: DeltaItem[] = [];
  let url = start;
  for (let page = 0; page < maxPages; page++) {
    const res: DeltaPage = await api.call(mailboxId, 'delta', (c) => c.api(url).headers({ ...IMMUTABLE_IDS, Prefer: `${IMMUTABLE_IDS.Prefer}, odata.maxpagesize=50` }).get());
    for (const item of res.value ?? []) if (!item['@removed']) items.push(item);
    if (res['@odata.deltaLink']) return { items, link: res['@odata.deltaLink'] };
    if (!res['@odata.nextLink']) throw new AppError('internal', 'delta page without nextLink or deltaLink');
    url = res['@odata.nextLink'];
  }
  // Bounded: resume from where we stopped. A nextLink is a valid place to continue a delta round.
  return { items, link: url };
}
