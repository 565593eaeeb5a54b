/**
 * /users/{id}/... — users, mail folders, messages ($value, move, PATCH, DELETE, permanentDelete), sendMail,
 * creating a message from MIME, and inbox messageRules.
 */
import { badRequest, graphError, jsonBody, noContent, notFound, ok, type GraphRequestContext, type GraphResponse } from './graph-response.ts';
import { transitiveMemberOf } from './directory-groups.ts';
import type { MailStore } from './mail-store.ts';
import { graphId, type MessageRule, type User } from './model.ts';
import { pageSizeOf, type Pager } from './paging.ts';
import { renderFolder, renderMessage, renderRule, renderUser } from './render.ts';

export interface MailRouteDeps {
  store: MailStore;
  pager: Pager;
  /** https://host:port/v1.0 */
  graphBase: () => string;
  delta: (ctx: GraphRequestContext, user: User, folderId: string) => GraphResponse;
}

export function listUsers(deps: MailRouteDeps, ctx: GraphRequestContext): GraphResponse {
  const link = (t: string) => `${deps.graphBase()}/users?$skiptoken=${t}`;
  const token = ctx.query.get('$skiptoken');
  if (token) return pageOr404(deps.pager.next(token, link));
  const select = ctx.query.get('$select');
  const users = [...deps.store.users.values()].filter((u) => u.tenantId === ctx.tenantId).map((u) => renderUser(u, select));
  return ok({ '@odata.context': `${deps.graphBase()}/$metadata#users`, ...deps.pager.page(users, pageSizeOf(ctx.query, undefined, 100, 999), link) });
}

export function userRoutes(deps: MailRouteDeps, ctx: GraphRequestContext, user: User, rest: string[]): GraphResponse {
  const { store } = deps;
  const [a, b, c, d, e] = rest;
  const m = ctx.method;
  if (a === undefined && m === 'GET') return ok(renderUser(user, ctx.query.get('$select')));
  // A directory read: answered for users without a mailbox too.
  if (a === 'transitiveMemberOf' && m === 'GET' && c === undefined) return transitiveMemberOf(deps, ctx, user, b);
  if (!user.mailboxEnabled) return graphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  if (user.accessDenied) return graphError(403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
  if (a === 'sendMail' && m === 'POST') return sendMail(deps, ctx, user);
  if (a === 'mailFolders') {
    if (b === undefined) return m === 'POST' ? createFolder(deps, ctx, user, store.wellKnown(user.id, 'msgfolderroot').id) : listFolders(deps, ctx, user, store.wellKnown(user.id, 'msgfolderroot').id);
    const folder = store.resolveFolder(user.id, b);
    if (!folder) return notFound('The specified folder could not be found in the store.');
    if (c === undefined && m === 'GET') return ok(renderFolder(store, folder));
    if (c === 'childFolders') return m === 'POST' ? createFolder(deps, ctx, user, folder.id) : listFolders(deps, ctx, user, folder.id);
    if (c === 'messages' && d === 'delta' && m === 'GET') return deps.delta(ctx, user, folder.id);
    if (c === 'messages' && d === undefined) return m === 'POST' ? createFromMime(deps, ctx, user, folder.id) : listMessages(deps, ctx, user, folder.id);
    if (c === 'messageRules') {
      if (folder.wellKnownName !== 'inbox') return badRequest('Rules are only supported on the Inbox.');
      return ruleRoutes(deps, ctx, user, d, e);
    }
  }
  if (a === 'messages') {
    if (b === undefined) return m === 'POST' ? createFromMime(deps, ctx, user, store.wellKnown(user.id, 'drafts').id) : listMessages(deps, ctx, user, null);
    const msg = store.resolveMessage(user.id, b);
    if (!msg) return notFound();
    const imm = ctx.immutableIds;
    if (c === undefined && m === 'GET') return ok(renderMessage(store, msg, imm, ctx.query.get('$select')));
    if (c === '$value' && m === 'GET') return { status: 200, headers: { 'content-type': 'text/plain' }, body: msg.raw };
    if (c === undefined && m === 'PATCH') {
      const patch = jsonBody<{ categories?: unknown; isRead?: unknown }>(ctx);
      if (!patch) return badRequest('Empty Payload. JSON content expected.');
      if (patch.categories !== undefined && (!Array.isArray(patch.categories) || patch.categories.some((x) => typeof x !== 'string'))) return badRequest('categories must be strings');
      store.update(msg, { ...(patch.categories ? { categories: patch.categories as string[] } : {}), ...(typeof patch.isRead === 'boolean' ? { isRead: patch.isRead } : {}) });
      return ok(renderMessage(store, msg, imm, null));
    }
    if (c === undefined && m === 'DELETE') {
      // Graph's DELETE is a soft delete into Recoverable Items\Deletions, not into Deleted Items.
      store.move(msg, store.wellKnown(user.id, 'recoverableitemsdeletions'));
      return noContent();
    }
    if (c === 'permanentDelete' && m === 'POST') {
      store.purge(msg);
      return noContent();
    }
    if (c === 'move' && m === 'POST') {
      const dest = jsonBody<{ destinationId?: string }>(ctx)?.destinationId;
      const folder = dest ? store.resolveFolder(user.id, dest) : undefined;
      if (!folder) return graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
      store.move(msg, folder);
      return ok(renderMessage(store, msg, imm, null), 201);
    }
  }
  return graphError(400, 'BadRequest', `Resource not found for the segment '${a ?? ''}'.`);
}

function pageOr404(page: Record<string, unknown> | null): GraphResponse {
  return page ? ok(page) : graphError(400, 'InvalidRequest', 'The skip token is invalid or has expired.');
}

function listFolders(deps: MailRouteDeps, ctx: GraphRequestContext, user: User, parentId: string): GraphResponse {
  const hidden = ctx.query.get('includeHiddenFolders') === 'true';
  const filter = /^displayName eq '(.*)'$/.exec(ctx.query.get('$filter') ?? '');
  const folders = [...deps.store.folders.values()]
    .filter((f) => f.userId === user.id && f.parentFolderId === parentId && (hidden || !f.isHidden))
    .filter((f) => !filter || f.displayName === filter[1].replace(/''/g, "'"))
    .map((f) => renderFolder(deps.store, f));
  const link = (t: string) => `${deps.graphBase()}/users/${user.id}/mailFolders?$skiptoken=${t}`;
  const token = ctx.query.get('$skiptoken');
  if (token) return pageOr404(deps.pager.next(token, link));
  return ok(deps.pager.page(folders, pageSizeOf(ctx.query, ctx.maxPageSize, 10, 1000), link));
}

function createFolder(deps: MailRouteDeps, ctx: GraphRequestContext, user: User, parentId: string): GraphResponse {
  const body = jsonBody<{ displayName?: string; isHidden?: boolean }>(ctx);
  if (!body?.displayName) return badRequest('displayName is required');
  const exists = [...deps.store.folders.values()].some((f) => f.userId === user.id && f.parentFolderId === parentId && f.displayName === body.displayName);
  if (exists) return graphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  return ok(renderFolder(deps.store, deps.store.createFolder(user.id, body.displayName, parentId, body.isHidden === true)), 201);
}

function listMessages(deps: MailRouteDeps, ctx: GraphRequestContext, user: User, folderId: string | null): GraphResponse {
  const link = (t: string) => `${deps.graphBase()}/users/${user.id}/messages?$skiptoken=${t}`;
  const token = ctx.query.get('$skiptoken');
  if (token) return pageOr404(deps.pager.next(token, link));
  const select = ctx.query.get('$select');
  const items = [...deps.store.messages.values()]
    .filter((m) => m.userId === user.id && (folderId ? m.folderId === folderId : !deps.store.folders.get(m.folderId)?.isHidden))
    .sort((x, y) => y.receivedDateTime.localeCompare(x.receivedDateTime))
    .map((m) => renderMessage(deps.store, m, ctx.immutableIds, select));
  return ok(deps.pager.page(items, pageSizeOf(ctx.query, ctx.maxPageSize, 10, 1000), link));
}

/** POST with Content-Type text/plain and a base64 MIME body creates the message from MIME. */
function createFromMime(deps: MailRouteDeps, ctx: GraphRequestContext, user: User, folderId: string): GraphResponse {
  if (!(ctx.headers['content-type'] ?? '').startsWith('text/plain')) return badRequest('Only MIME content (text/plain, base64) is supported by this emulator.');
  const raw = Buffer.from(ctx.body.toString('ascii').replace(/\s+/g, ''), 'base64');
  if (raw.length === 0 || !/\r?\n\r?\n/.test(raw.toString('latin1'))) return graphError(400, 'UnableToDeserializePostBody', 'Invalid base64 MIME content.');
  const msg = deps.store.deliver(user.id, raw, folderId, { applyRules: false });
  return ok(renderMessage(deps.store, msg, ctx.immutableIds, null), 201);
}

interface SendMailBody {
  message?: {
    subject?: string;
    body?: { contentType?: string; content?: string };
    toRecipients?: { emailAddress?: { address?: string } }[];
  };
  saveToSentItems?: boolean;
}

function sendMail(deps: MailRouteDeps, ctx: GraphRequestContext, user: User): GraphResponse {
  const body = jsonBody<SendMailBody>(ctx);
  const to = (body?.message?.toRecipients ?? []).map((r) => r.emailAddress?.address ?? '').filter(Boolean);
  if (!body?.message || to.length === 0) return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
  const html = (body.message.body?.contentType ?? 'text').toLowerCase() === 'html';
  const raw = Buffer.from(
    [
      `From: ${user.displayName} <${user.mail}>`,
      `To: ${to.join(', ')}`,
      `Subject: ${body.message.subject ?? ''}`,
      `Message-ID: <${graphId('')}@${user.mail.split('@')[1]}>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      `Content-Type: ${html ? 'text/html' : 'text/plain'}; charset=utf-8`,
      '',
      body.message.body?.content ?? '',
      '',
    ].join('\r\n'),
  );
  if (body.saveToSentItems !== false) deps.store.deliver(user.id, raw, 'sentitems');
  for (const addr of to) {
    const rcpt = deps.store.findUser(addr);
    if (rcpt && rcpt.mailboxEnabled) deps.store.deliver(rcpt.id, raw, 'inbox');
  }
  return noContent(202);
}

function ruleRoutes(deps: MailRouteDeps, ctx: GraphRequestContext, user: User, ruleId: string | undefined, extra: string | undefined): GraphResponse {
  const { store } = deps;
  if (extra !== undefined) return graphError(400, 'BadRequest', 'Unsupported segment');
  if (ruleId === undefined) {
    if (ctx.method === 'GET') return ok({ value: [...store.rules.values()].filter((r) => r.userId === user.id).sort((a, b) => a.sequence - b.sequence).map(renderRule) });
    if (ctx.method !== 'POST') return graphError(405, 'MethodNotAllowed', 'Method not allowed');
    const body = jsonBody<Partial<MessageRule>>(ctx);
    if (!body?.displayName || typeof body.sequence !== 'number' || !body.actions) return badRequest('displayName, sequence and actions are required', 'ErrorInvalidRequest');
    if (body.actions.moveToFolder && !store.resolveFolder(user.id, body.actions.moveToFolder)) return graphError(400, 'ErrorInvalidIdMalformed', 'moveToFolder is not a folder of this mailbox');
    const rule: MessageRule = { id: graphId('AQAAA'), userId: user.id, displayName: body.displayName, sequence: body.sequence, isEnabled: body.isEnabled !== false, actions: body.actions, ...(body.conditions ? { conditions: body.conditions } : {}), ...(body.exceptions ? { exceptions: body.exceptions } : {}) };
    store.rules.set(rule.id, rule);
    return ok(renderRule(rule), 201);
  }
  const rule = store.rules.get(ruleId);
  if (!rule || rule.userId !== user.id) return notFound('The requested rule was not found.');
  if (ctx.method === 'GET') return ok(renderRule(rule));
  if (ctx.method === 'DELETE') {
    store.rules.delete(rule.id);
    return noContent();
  }
  if (ctx.method === 'PATCH') {
    const body = jsonBody<Partial<MessageRule>>(ctx) ?? {};
    for (const k of ['displayName', 'sequence', 'isEnabled', 'conditions', 'actions', 'exceptions'] as const) {
      if (body[k] !== undefined) (rule as unknown as Record<string, unknown>)[k] = body[k];
    }
    return ok(renderRule(rule));
  }
  return graphError(405, 'MethodNotAllowed', 'Method not allowed');
}
