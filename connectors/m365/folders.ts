/**
 * Our folders in each mailbox: the hidden quarantine folder and the hold folder, created on first use under
 * the mailbox root and remembered. Hidden folders do not show in Outlook; `includeHiddenFolders` finds them.
 */
import { isAppError } from '../../src/core/errors.ts';
import { seg, type GraphApi } from './graph-api.ts';

interface FolderJson {
  id: string;
  displayName: string;
}

export class FolderCache {
  private readonly misses = new Map<string, number>();

  /** `ids` may be shared between instances (see {@link sharedFolders}); the API client is this instance's. */
  constructor(private readonly api: GraphApi, private readonly ids = new Map<string, Promise<string>>()) {}

  /** The id of our hidden folder `name` in the mailbox, creating it when missing. */
  ensure(mailboxId: string, name: string, hidden = true): Promise<string> {
    const key = `${mailboxId}\u0000${name}`;
    let p = this.ids.get(key);
    if (!p) {
      this.misses.delete(key);
      p = this.lookupOrCreate(mailboxId, name, hidden);
      this.ids.set(key, p);
      p.catch(() => this.ids.delete(key));
    }
    return p;
  }

  /** Well-known folder id (inbox, sentitems, junkemail, deleteditems…), cached. */
  wellKnown(mailboxId: string, name: string): Promise<string> {
    const key = `${mailboxId}\u0000wk:${name}`;
    let p = this.ids.get(key);
    if (!p) {
      p = this.api.call(mailboxId, `get folder ${name}`, (c) => c.api(`/users/${seg(mailboxId)}/mailFolders/${name}`).select('id').get()).then((f: FolderJson) => f.id);
      this.ids.set(key, p);
      p.catch(() => this.ids.delete(key));
    }
    return p;
  }

  /** Our folder's id when it exists, without creating it. A miss is remembered for a minute unless `fresh`. */
  async existing(mailboxId: string, name: string, fresh = false): Promise<string | null> {
    const key = `${mailboxId}\u0000${name}`;
    const known = this.ids.get(key);
    if (known) return known;
    const missAt = this.misses.get(key);
    if (!fresh && missAt !== undefined && Date.now() - missAt < 60_000) return null;
    const found = await this.find(mailboxId, name);
    if (found) this.ids.set(key, Promise.resolve(found));
    else this.misses.set(key, Date.now());
    return found;
  }

  private async lookupOrCreate(mailboxId: string, name: string, hidden: boolean): Promise<string> {
    const found = await this.find(mailboxId, name);
    if (found) return found;
    try {
      const created: FolderJson = await this.api.call(mailboxId, 'create folder', (c) => c.api(`/users/${seg(mailboxId)}/mailFolders`).post({ displayName: name, isHidden: hidden }));
      return created.id;
    } catch (err) {
      // Another worker created it between our lookup and create: use theirs.
      if (isAppError(err) && err.code === 'conflict') {
        const again = await this.find(mailboxId, name);
        if (again) return again;
      }
      throw err;
    }
  }

  private async find(mailboxId: string, name: string): Promise<string | null> {
    const escaped = name.replace(/'/g, "''");
    const res: { value: FolderJson[] } = await this.api.call(mailboxId, 'find folder', (c) =>
      c.api(`/users/${seg(mailboxId)}/mailFolders`).query({ includeHiddenFolders: 'true' }).filter(`displayName eq '${escaped}'`).get(),
    );
    return res.value.find((f) => f.displayName === name)?.id ?? null;
  }
}

const SHARED = new Map<string, Map<string, Promise<string>>>();

/** Folder ids outlive provider instances (the pipeline rebuilds them): one id map per app and tenant. */
export function sharedFolders(key: string, api: GraphApi): FolderCache {
  let ids = SHARED.get(key);
  if (!ids) {
    ids = new Map();
    SHARED.set(key, ids);
  }
  return new FolderCache(api, ids);
}
