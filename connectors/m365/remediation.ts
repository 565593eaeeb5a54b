/**
 * Acting on a message: move to the hidden quarantine folder, Junk, Deleted Items; tag with a category; soft
 * delete to Deleted Items and permanent delete; release back to the Inbox. Every action first reads where the
 * message is, so a replay reports `changed: false` instead of acting twice. Ids are immutable, so they survive
 * our own moves.
 */
import { AppError, isAppError } from '../../src/core/errors.ts';
import type { MessageRef, RemediationAction, RemediationResult } from '../../src/core/provider.ts';
import type { FolderCache } from './folders.ts';
import { IMMUTABLE_IDS, seg, type GraphApi } from './graph-api.ts';
import type { M365Settings } from './settings.ts';

interface MessageState {
  id: string;
  parentFolderId: string;
  categories: string[];
}

export class Remediator {
  constructor(private readonly api: GraphApi, private readonly folders: FolderCache, private readonly settings: M365Settings) {}

  async apply(ref: MessageRef, action: RemediationAction, tag?: string): Promise<RemediationResult> {
    const box = ref.mailbox.mailboxId;
    if (action === 'purge') return this.purge(box, ref.messageId);
    const state = await this.read(box, ref.messageId);
    switch (action) {
      case 'quarantine':
        return this.moveTo(box, state, await this.folders.ensure(box, this.settings.quarantineFolderName));
      case 'junk':
        return this.moveTo(box, state, await this.folders.wellKnown(box, 'junkemail'));
      case 'trash':
        return this.moveTo(box, state, await this.folders.wellKnown(box, 'deleteditems'));
      case 'tag':
        return this.addCategory(box, state, tag ?? this.settings.defaultTag);
      case 'release':
        return this.toInbox(box, state, await this.folders.wellKnown(box, 'inbox'));
      case 'hold_release': {
        // Only held mail moves. Already in the Inbox (the scheduler released it first) is done; anywhere else
        // (quarantined meanwhile, filed by the user) is not ours to put back.
        const inbox = await this.folders.wellKnown(box, 'inbox');
        if (state.parentFolderId === inbox) return { changed: false, messageId: state.id };
        // `fresh`: another process (the scheduler) may have created the hold folder after this one noted its absence.
        if (state.parentFolderId !== (await this.folders.existing(box, this.settings.holdFolderName, true))) throw new AppError('conflict', 'message is no longer held', { retryable: false });
        return this.toInbox(box, state, inbox);
      }
      default:
        throw new AppError('invalid_input', `unknown remediation action ${String(action)}`);
    }
  }

  private async toInbox(box: string, state: MessageState, inbox: string): Promise<RemediationResult> {
    // Mark first: the move into the Inbox raises a notification, and the mark tells us it was our move.
    const marked = await this.addCategory(box, state, this.settings.releasedCategory);
    const moved = await this.moveTo(box, state, inbox);
    return { changed: marked.changed || moved.changed, messageId: moved.messageId ?? state.id };
  }

  private read(box: string, id: string): Promise<MessageState> {
    return this.api.call(box, 'read message state', (c) => c.api(`/users/${seg(box)}/messages/${seg(id)}`).headers(IMMUTABLE_IDS).select('id,parentFolderId,categories').get());
  }

  private async moveTo(box: string, state: MessageState, folderId: string): Promise<RemediationResult> {
    if (state.parentFolderId === folderId) return { changed: false, messageId: state.id };
    const moved: MessageState = await this.api.call(box, 'move message', (c) => c.api(`/users/${seg(box)}/messages/${seg(state.id)}/move`).headers(IMMUTABLE_IDS).post({ destinationId: folderId }));
    state.parentFolderId = folderId;
    return { changed: true, messageId: moved.id };
  }

  private async addCategory(box: string, state: MessageState, category: string): Promise<RemediationResult> {
    if (state.categories.includes(category)) return { changed: false, messageId: state.id };
    state.categories = [...state.categories, category];
    await this.api.call(box, 'tag message', (c) => c.api(`/users/${seg(box)}/messages/${seg(state.id)}`).headers(IMMUTABLE_IDS).patch({ categories: state.categories }));
    return { changed: true, messageId: state.id };
  }

  private async purge(box: string, id: string): Promise<RemediationResult> {
    try {
      await this.api.call(box, 'permanent delete', (c) => c.api(`/users/${seg(box)}/messages/${seg(id)}/permanentDelete`).headers(IMMUTABLE_IDS).post({}));
      return { changed: true };
    } catch (err) {
      // Already gone: the replay of a purge succeeds without effect.
      if (isAppError(err) && err.code === 'not_found') return { changed: false };
      throw err;
    }
  }
}

/** Put raw MIME back into the Inbox (release after purge). Marked released so its arrival is not rescanned. */
export async function restoreRawMime(api: GraphApi, settings: M365Settings, box: string, raw: Uint8Array): Promise<string> {
  const created: MessageState = await api.call(box, 'restore message', (c) =>
    c.api(`/users/${seg(box)}/mailFolders/inbox/messages`).headers({ ...IMMUTABLE_IDS, 'Content-Type': 'text/plain' }).post(Buffer.from(raw).toString('base64')),
  );
  await api.call(box, 'mark restored', (c) => c.api(`/users/${seg(box)}/messages/${seg(created.id)}`).headers(IMMUTABLE_IDS).patch({ categories: [settings.releasedCategory] }));
  return created.id;
}
