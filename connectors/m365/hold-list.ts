/**
 * What the inline hold is still holding: the messages in our hold folder, with their receive time, so the
 * scheduler can release (fail-open) anything about to wait longer than the bound while MailWarden is down or slow.
 */
import type { HeldMessage } from '../../src/core/provider.ts';
import type { FolderCache } from './folders.ts';
import { IMMUTABLE_IDS, seg, type GraphApi } from './graph-api.ts';
import type { M365Settings } from './settings.ts';

interface HeldJson {
  id: string;
  receivedDateTime?: string;
}

/** Pages through the hold folder (100 per page); no hold folder yet means nothing is held. */
export async function listHeldMessages(api: GraphApi, folders: FolderCache, settings: M365Settings, box: string, olderThan: Date, limit: number): Promise<HeldMessage[]> {
  // fresh: the hold may have been installed by another process since this one last looked.
  const holdId = await folders.existing(box, settings.holdFolderName, true);
  if (!holdId) return [];
  const out: HeldMessage[] = [];
  let next: string | undefined = `/users/${seg(box)}/mailFolders/${seg(holdId)}/messages?$select=id,receivedDateTime&$top=100`;
  // The folder holds a few minutes of mail at most, so reading all of it is cheap; the page cap bounds a surprise.
  for (let page = 0; next && page < 50; page++) {
    const url: string = next;
    const res: { value: HeldJson[]; '@odata.nextLink'?: string } = await api.call(box, 'list held messages', (c) => c.api(url).headers(IMMUTABLE_IDS).get());
    for (const m of res.value) {
      const at = m.receivedDateTime ? new Date(m.receivedDateTime) : null;
      if (at && !Number.isNaN(at.getTime()) && at < olderThan) out.push({ messageId: m.id, receivedAt: at });
    }
    next = res['@odata.nextLink'];
  }
  return out.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()).slice(0, limit);
}
