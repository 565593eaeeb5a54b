import { Router } from 'express';
import { SCOPES } from './api-guard.ts';
import { errors } from './google-errors.ts';
import type { Mailbox, StoredMessage } from './mailbox.ts';
import { buildPayload, snippetOf } from './mime-payload.ts';
import { asList, decodeRaw, gmailCall, route, type EmulatorParts } from './route-kit.ts';

const S = SCOPES;
const READ = [S.full, S.modify, S.readonly, S.metadata];
const MODIFY = [S.full, S.modify];
const INSERT = [S.full, S.modify, S.insert];
const SEND = [S.full, S.modify, S.compose, S.send];

export function messageResource(m: StoredMessage, format: string, metadataHeaders: string[] = []): Record<string, unknown> {
  const text = m.raw.toString('latin1');
  const base: Record<string, unknown> = {
    id: m.id,
    threadId: m.threadId,
    labelIds: [...m.labelIds],
    snippet: snippetOf(text),
    sizeEstimate: m.raw.length,
    historyId: String(m.historyId),
    internalDate: String(m.internalDate),
  };
  if (format === 'raw') base.raw = m.raw.toString('base64url');
  if (format === 'full') base.payload = buildPayload(text);
  if (format === 'metadata') {
    const p = buildPayload(text);
    const wanted = metadataHeaders.map((h) => h.toLowerCase());
    base.payload = { partId: '', mimeType: p.mimeType, filename: '', headers: wanted.length ? p.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : p.headers };
  }
  return base;
}

const minimal = (m: StoredMessage) => ({ id: m.id, threadId: m.threadId, labelIds: [...m.labelIds] });

/** users.messages: get, list, modify, batchModify, trash, untrash, delete, insert, import, send. */
export function gmailMessageRoutes(parts: EmulatorParts): Router {
  const r = Router();
  const base = '/gmail/v1/users/:userId/messages';

  r.get(base, route((req) => {
    const mb = gmailCall(parts, req, 'messages.list', READ);
    const labelIds = asList(req.query.labelIds);
    const includeSpamTrash = String(req.query.includeSpamTrash) === 'true';
    const max = Math.min(Number(req.query.maxResults ?? 100), 500);
    const start = Number(req.query.pageToken ?? 0);
    const all = [...mb.messages.values()]
      .filter((m) => labelIds.every((l) => m.labelIds.has(l)))
      .filter((m) => includeSpamTrash || (!m.labelIds.has('SPAM') && !m.labelIds.has('TRASH')))
      .sort((a, b) => b.internalDate - a.internalDate || b.historyId - a.historyId);
    const page = all.slice(start, start + max);
    const out: Record<string, unknown> = { resultSizeEstimate: all.length };
    if (page.length) out.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
    if (start + max < all.length) out.nextPageToken = String(start + max);
    return out;
  }));

  r.get(`${base}/:id`, route((req) => {
    const format = String(req.query.format ?? 'full');
    const mb = gmailCall(parts, req, 'messages.get', READ);
    const scopes = parts.guard.scopesOf(req);
    if ((format === 'raw' || format === 'full') && ![S.full, S.modify, S.readonly].some((s) => scopes.has(s))) {
      throw errors.insufficientScopes();
    }
    return messageResource(mb.get(String(req.params.id)), format, asList(req.query.metadataHeaders));
  }));

  r.post(`${base}/batchModify`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.batchModify', MODIFY);
    const ids = asList(req.body?.ids);
    if (ids.length > 1000) throw errors.invalidArgument(`ids: too many ids (${ids.length} > 1000)`);
    for (const id of ids) if (mb.messages.has(id)) mb.modify(id, asList(req.body?.addLabelIds), asList(req.body?.removeLabelIds));
    return undefined;
  }));

  r.post(`${base}/import`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.import', INSERT);
    return minimal(insertRaw(mb, req.body, asList(req.body?.labelIds).length ? asList(req.body?.labelIds) : ['INBOX', 'UNREAD']));
  }));

  r.post(`${base}/send`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.send', SEND);
    const raw = decodeRaw(req.body?.raw);
    const sent = mb.add(raw, ['SENT'], { applyFilters: false });
    const recipients = /^(?:to|cc|bcc):(.*)$/gim;
    for (const match of raw.toString('latin1').split(/\r?\n\r?\n/)[0].matchAll(recipients)) {
      for (const addr of match[1].match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []) {
        const target = parts.directory.mailboxes.get(addr.toLowerCase());
        if (target && target !== mb) parts.deliver(target, raw);
      }
    }
    return minimal(sent);
  }));

  r.post(base, route((req) => {
    const mb = gmailCall(parts, req, 'messages.insert', INSERT);
    return minimal(insertRaw(mb, req.body, asList(req.body?.labelIds)));
  }));

  r.post(`${base}/:id/modify`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.modify', MODIFY);
    return minimal(mb.modify(String(req.params.id), asList(req.body?.addLabelIds), asList(req.body?.removeLabelIds)));
  }));

  r.post(`${base}/:id/trash`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.trash', MODIFY);
    return minimal(mb.modify(String(req.params.id), ['TRASH'], ['SPAM']));
  }));

  r.post(`${base}/:id/untrash`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.untrash', MODIFY);
    return minimal(mb.modify(String(req.params.id), [], ['TRASH']));
  }));

  r.delete(`${base}/:id`, route((req) => {
    const mb = gmailCall(parts, req, 'messages.delete', [S.full]);
    mb.delete(String(req.params.id));
    return undefined;
  }));

  return r;
}

/** insert/import never run filters; labels default to none for insert, like Gmail. */
function insertRaw(mb: Mailbox, body: { raw?: unknown } | undefined, labelIds: string[]): StoredMessage {
  return mb.add(decodeRaw(body?.raw), labelIds, { applyFilters: false });
}
