import { Router } from 'express';
import { SCOPES } from './api-guard.ts';
import { errors } from './google-errors.ts';
import type { HistoryRecord, HistoryType } from './mailbox.ts';
import { asList, gmailCall, route, type EmulatorParts } from './route-kit.ts';

const S = SCOPES;
const READ = [S.full, S.modify, S.readonly, S.metadata];
const LABELS_READ = [...READ, S.labels];
const LABELS_WRITE = [S.full, S.modify, S.labels];
const FILTERS_READ = [S.full, S.modify, S.readonly, S.settingsBasic];

/** users.getProfile, labels, settings.filters, history.list, watch, stop. */
export function gmailMailboxRoutes(parts: EmulatorParts): Router {
  const r = Router();
  const u = '/gmail/v1/users/:userId';

  r.get(`${u}/profile`, route((req) => {
    const mb = gmailCall(parts, req, 'getProfile', READ);
    return { emailAddress: mb.address, messagesTotal: mb.messages.size, threadsTotal: mb.messages.size, historyId: String(mb.historyId) };
  }));

  r.get(`${u}/labels`, route((req) => ({ labels: gmailCall(parts, req, 'labels.list', LABELS_READ).labels.list() })));
  r.get(`${u}/labels/:id`, route((req) => gmailCall(parts, req, 'labels.get', LABELS_READ).labels.get(String(req.params.id))));
  r.post(`${u}/labels`, route((req) => gmailCall(parts, req, 'labels.create', LABELS_WRITE).labels.create(req.body ?? {})));
  r.delete(`${u}/labels/:id`, route((req) => {
    gmailCall(parts, req, 'labels.create', LABELS_WRITE).labels.remove(String(req.params.id));
    return undefined;
  }));

  r.get(`${u}/settings/filters`, route((req) => {
    const list = gmailCall(parts, req, 'filters.list', FILTERS_READ).filters.list();
    return list.length ? { filter: list } : {};
  }));
  r.post(`${u}/settings/filters`, route((req) => {
    const mb = gmailCall(parts, req, 'filters.create', [S.settingsBasic]);
    const body = req.body ?? {};
    mb.labels.assertKnown([...asList(body.action?.addLabelIds), ...asList(body.action?.removeLabelIds)]);
    return mb.filters.create(body);
  }));
  r.get(`${u}/settings/filters/:id`, route((req) => gmailCall(parts, req, 'filters.list', FILTERS_READ).filters.get(String(req.params.id))));
  r.delete(`${u}/settings/filters/:id`, route((req) => {
    gmailCall(parts, req, 'filters.delete', [S.settingsBasic]).filters.remove(String(req.params.id));
    return undefined;
  }));

  r.get(`${u}/history`, route((req) => {
    const mb = gmailCall(parts, req, 'history.list', READ);
    if (req.query.startHistoryId === undefined) throw errors.invalidArgument('Missing startHistoryId');
    const start = Number(req.query.startHistoryId);
    if (!Number.isFinite(start)) throw errors.invalidArgument('Invalid startHistoryId');
    if (start < mb.historyFloor) throw errors.notFound('Requested entity was not found.');
    const types = new Set(asList(req.query.historyTypes) as HistoryType[]);
    const labelId = req.query.labelId === undefined ? undefined : String(req.query.labelId);
    const max = Math.min(Number(req.query.maxResults ?? 100), 500);
    const offset = Number(req.query.pageToken ?? 0);
    const all = mb.history
      .filter((h) => h.id > start)
      .filter((h) => types.size === 0 || types.has(h.type))
      .filter((h) => labelId === undefined || h.labelsNow.includes(labelId) || h.changedLabels.includes(labelId));
    const page = all.slice(offset, offset + max);
    const out: Record<string, unknown> = { historyId: String(mb.historyId) };
    // Gmail omits the `history` key entirely when there is nothing to report.
    if (page.length) out.history = page.map((h) => historyResource(h, parts.historyOmitsLabels));
    if (offset + max < all.length) out.nextPageToken = String(offset + max);
    return out;
  }));

  r.post(`${u}/watch`, route((req) => {
    const mb = gmailCall(parts, req, 'watch', READ);
    const body = req.body ?? {};
    parts.pubsub.assertGmailCanPublish(String(body.topicName ?? ''));
    const w = parts.watches.watch(mb, {
      topicName: body.topicName,
      labelIds: asList(body.labelIds),
      labelFilterBehavior: String(body.labelFilterBehavior ?? body.labelFilterAction ?? 'include').toLowerCase() === 'exclude' ? 'exclude' : 'include',
    });
    return { historyId: String(mb.historyId), expiration: String(w.expiration) };
  }));

  r.post(`${u}/stop`, route((req) => {
    parts.watches.stop(gmailCall(parts, req, 'stop', READ).address);
    return undefined;
  }));

  return r;
}

function historyResource(h: HistoryRecord, omitLabels: boolean): Record<string, unknown> {
  const ref = { id: h.messageId, threadId: h.threadId };
  const withLabels = omitLabels ? ref : { ...ref, labelIds: h.labelsNow };
  const out: Record<string, unknown> = { id: String(h.id), messages: [ref] };
  if (h.type === 'messageAdded') out.messagesAdded = [{ message: withLabels }];
  if (h.type === 'messageDeleted') out.messagesDeleted = [{ message: ref }];
  if (h.type === 'labelAdded') out.labelsAdded = [{ message: withLabels, labelIds: h.changedLabels }];
  if (h.type === 'labelRemoved') out.labelsRemoved = [{ message: withLabels, labelIds: h.changedLabels }];
  return out;
}
