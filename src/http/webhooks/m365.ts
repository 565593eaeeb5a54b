import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, json, type Request, type Response } from 'express';
import { parseChangeNotifications, parseLifecycleNotifications } from '../../../connectors/m365/notifications.ts';
import type { KnownSubscription, NotificationJob, WebhookDeps } from '../../pipeline/ports.ts';
import { createLogger, type Logger } from '../../observability/logger.ts';

/** Graph's validation tokens are short; refuse to reflect anything long. */
const MAX_VALIDATION_TOKEN = 1024;

/**
 * POST /webhooks/m365 and /webhooks/m365/lifecycle — Microsoft Graph change and lifecycle notifications.
 *
 * - `?validationToken=…` (subscription create): echo it, decoded, as text/plain 200.
 * - Otherwise each notification must name a subscription we created and carry its clientState, compared in
 *   constant time. Unknown or forged ones are logged (never their secrets) and ignored; nothing is enqueued.
 * - Valid change notifications enqueue one job per subscription (mailbox) per POST, naming its message ids
 *   (dedupe key = subscription + digest of the sorted ids, so a redelivered batch collapses into the first;
 *   ids seen twice in different batches collapse later, at the scan job id).
 * - Lifecycle events enqueue a catch-up and, where the service offers it, mark the subscription due for
 *   renewal so the scheduler reauthorizes or recreates it.
 * - 202 as soon as the jobs are enqueued: no provider call, no scanning. 503 only when enqueueing failed.
 */
export function m365Webhook(deps: WebhookDeps, options: { logger?: Logger } = {}): Router {
  // The app passes its own logger (see index.ts); a router built without one (tests) logs nothing.
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const router = Router();
  const body = json({ limit: '1mb', type: () => true });

  const validation = validationHandshake(logger);
  router.post('/', validation, body, async (req, res) => {
    // One job per subscription (= mailbox) per POST: the worker resolves its ids in one $batch.
    const bySubscription = new Map<string, { sub: KnownSubscription; ids: Set<string> }>();
    const find = lookups(deps);
    for (const n of parseChangeNotifications(req.body)) {
      const sub = await verified(find, logger, n.subscriptionId, n.clientState, 'change');
      if (!sub || !n.messageId) continue;
      const entry = bySubscription.get(n.subscriptionId) ?? { sub, ids: new Set<string>() };
      entry.ids.add(n.messageId);
      bySubscription.set(n.subscriptionId, entry);
    }
    const accepted = [...bySubscription].map(([subscriptionId, { sub, ids }]) => {
      const messageIds = [...ids].sort();
      return { job: job(sub, { kind: 'notification', messageIds }), key: `${subscriptionId}:${digest(messageIds.join('\n'))}` };
    });
    await enqueueAll(deps, logger, accepted, res);
  });

  router.post('/lifecycle', validation, body, async (req, res) => {
    const accepted: { job: NotificationJob; key: string }[] = [];
    const minute = Math.floor(Date.now() / 60_000);
    const find = lookups(deps);
    for (const n of parseLifecycleNotifications(req.body)) {
      const sub = await verified(find, logger, n.subscriptionId, n.clientState, 'lifecycle');
      if (!sub) continue;
      logger.info({ tenantId: sub.tenantId, mailboxId: sub.mailboxId, event: n.lifecycleEvent }, 'graph lifecycle event');
      if (n.lifecycleEvent !== 'missed') {
        try {
          await deps.expireSubscription?.('m365', n.subscriptionId);
        } catch {
          res.status(503).json({ error: 'store unavailable' });
          return;
        }
      }
      // Whatever the event, notifications may have been lost: read the delta.
      accepted.push({ job: job(sub, { kind: 'catchup', reason: `graph lifecycle ${n.lifecycleEvent}` }), key: `lifecycle:${n.subscriptionId}:${n.lifecycleEvent}:${minute}` });
    }
    await enqueueAll(deps, logger, accepted, res);
  });
  return router;
}

/**
 * Subscription create/reauthorize handshake: exact echo of the decoded token, as plain text. Logged without the
 * token (it proves control of this endpoint for the subscription being created).
 */
function validationHandshake(logger: Logger) {
  return (req: Request, res: Response, next: () => void): void => {
    const token = req.query.validationToken;
    if (token === undefined) return next();
    if (typeof token !== 'string' || token.length > MAX_VALIDATION_TOKEN) {
      logger.warn({ path: req.baseUrl + req.path }, 'graph validation request with an unusable token refused');
      res.status(400).type('text/plain').send('bad validation token');
      return;
    }
    logger.info({ path: req.baseUrl + req.path, tokenLength: token.length }, 'graph subscription validation answered');
    res.status(200).type('text/plain').send(token);
  };
}

/** One store lookup per subscription per POST: Graph batches many notifications of one subscription. */
function lookups(deps: WebhookDeps): (id: string) => Promise<KnownSubscription | null> {
  const memo = new Map<string, Promise<KnownSubscription | null>>();
  return (id) => {
    let p = memo.get(id);
    if (!p) {
      p = deps.findSubscription('m365', id);
      memo.set(id, p);
    }
    return p;
  };
}

async function verified(find: (id: string) => Promise<KnownSubscription | null>, logger: Logger, subscriptionId: string, clientState: string | null, kind: string): Promise<KnownSubscription | null> {
  const sub = await find(subscriptionId);
  if (!sub) {
    logger.warn({ kind, subscriptionId }, 'graph notification for an unknown subscription ignored');
    return null;
  }
  if (!sub.secret || clientState === null || !sameSecret(sub.secret, clientState)) {
    logger.warn({ kind, subscriptionId, tenantId: sub.tenantId, mailboxId: sub.mailboxId }, 'graph notification with a wrong clientState ignored');
    return null;
  }
  return sub;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** Constant time whatever the lengths: compare fixed-size digests. */
function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function job(sub: KnownSubscription, trigger: NotificationJob['trigger']): NotificationJob {
  return { provider: 'm365', tenantId: sub.tenantId, mailboxId: sub.mailboxId, trigger, receivedAt: new Date().toISOString() };
}

async function enqueueAll(deps: WebhookDeps, logger: Logger, accepted: { job: NotificationJob; key: string }[], res: Response): Promise<void> {
  try {
    await Promise.all(accepted.map((a) => deps.enqueueNotification(a.job, a.key)));
  } catch {
    logger.error({ count: accepted.length }, 'enqueueing graph notifications failed');
    res.status(503).json({ error: 'queue unavailable' });
    return;
  }
  res.status(202).end();
}
