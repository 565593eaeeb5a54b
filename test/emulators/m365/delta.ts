/**
 * Delta query per mail folder: a first round lists what is there (optionally only mail received since a time),
 * later rounds list what changed since the token, with `@removed` for what left the folder. Pages end in
 * `@odata.nextLink`; the last page carries `@odata.deltaLink`. Tokens expire (410 SyncStateNotFound) after a
 * TTL or when a test says so.
 */
import { randomBytes } from 'node:crypto';
import type { Faults } from './faults.ts';
import { graphError, ok, type GraphRequestContext, type GraphResponse } from './graph-response.ts';
import type { MailStore } from './mail-store.ts';
import type { User } from './model.ts';
import { pageSizeOf, type Pager } from './paging.ts';
import { renderMessage } from './render.ts';

interface DeltaToken {
  userId: string;
  folderId: string;
  seq: number;
  createdAt: number;
  since: string | null;
  select: string | null;
}

export class DeltaService {
  private readonly tokens = new Map<string, DeltaToken>();
  tokenTtlMs = 7 * 24 * 3600 * 1000;

  constructor(private readonly store: MailStore, private readonly pager: Pager, private readonly faults: Faults, private readonly graphBase: () => string) {}

  handle(ctx: GraphRequestContext, user: User, folderId: string): GraphResponse {
    const base = `${this.graphBase()}/users/${user.id}/mailFolders/${folderId}/messages/delta`;
    const link = (t: string) => `${base}?$skiptoken=${t}`;
    const skip = ctx.query.get('$skiptoken');
    if (skip) {
      const page = this.pager.next(skip, link);
      return page ? ok(page) : this.expired();
    }
    const pageSize = pageSizeOf(new URLSearchParams(), ctx.maxPageSize, 10, 1000);
    const deltaToken = ctx.query.get('$deltatoken');
    let items: Record<string, unknown>[];
    let state: Omit<DeltaToken, 'createdAt' | 'seq'>;
    if (deltaToken) {
      const prior = this.tokens.get(deltaToken);
      if (!prior || prior.userId !== user.id || prior.folderId !== folderId) return this.expired();
      if (prior.createdAt < this.faults.deltaTokensValidAfter || Date.now() - prior.createdAt > this.tokenTtlMs) return this.expired();
      state = prior;
      items = this.changesSince(prior, ctx.immutableIds);
    } else {
      const since = /^receivedDateTime ge (\S+)$/.exec(ctx.query.get('$filter') ?? '')?.[1] ?? null;
      state = { userId: user.id, folderId, since, select: ctx.query.get('$select') };
      items = this.store
        .folderMessages(folderId)
        .filter((m) => !since || m.receivedDateTime >= since)
        .map((m) => renderMessage(this.store, m, ctx.immutableIds, state.select));
    }
    const next = randomBytes(18).toString('base64url');
    this.tokens.set(next, { ...state, seq: this.store.currentSeq(), createdAt: Date.now() });
    return ok(this.pager.page(items, pageSize, link, { '@odata.deltaLink': `${base}?$deltatoken=${next}` }));
  }

  private changesSince(token: DeltaToken, immutable: boolean): Record<string, unknown>[] {
    const folder = this.store.folders.get(token.folderId);
    const last = new Map<string, { kind: 'upsert' | 'removed'; restId: string }>();
    for (const e of folder?.log ?? []) if (e.seq > token.seq) last.set(e.immutableId, { kind: e.kind, restId: e.restId });
    const out: Record<string, unknown>[] = [];
    for (const [immutableId, e] of last) {
      const msg = this.store.messages.get(immutableId);
      if (e.kind === 'upsert' && msg && msg.folderId === token.folderId) {
        if (!token.since || msg.receivedDateTime >= token.since) out.push(renderMessage(this.store, msg, immutable, token.select));
      } else {
        out.push({ '@odata.type': '#microsoft.graph.message', id: immutable ? immutableId : e.restId, '@removed': { reason: 'deleted' } });
      }
    }
    return out;
  }

  private expired(): GraphResponse {
    return graphError(410, 'SyncStateNotFound', 'The sync state generation is not found. Re-synchronize from the beginning.');
  }
}
