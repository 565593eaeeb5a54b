import { Router, json } from 'express';
import type { WebhookDeps } from '../../pipeline/ports.ts';

/**
 * Development/test receiver for the memory provider: POST {address, messageIds?} announces new mail in a
 * memory mailbox, the way Graph announces message ids. Unknown mailboxes are acknowledged and not scanned.
 */
export function memoryWebhook(deps: WebhookDeps): Router {
  const router = Router();
  router.post('/', json({ limit: '256kb' }), async (req, res) => {
    const body = req.body as { address?: unknown; messageIds?: unknown };
    const ids = Array.isArray(body.messageIds) ? body.messageIds.filter((x): x is string => typeof x === 'string').slice(0, 1000) : undefined;
    if (typeof body.address !== 'string') {
      res.status(400).json({ error: 'address required' });
      return;
    }
    const mailbox = await deps.findMailboxByAddress('memory', body.address);
    if (!mailbox) {
      res.status(202).json({ accepted: false });
      return;
    }
    const dedupeKey = ids ? ids.join(',') : `poke:${Math.floor(Date.now() / 1000)}`;
    try {
      await deps.enqueueNotification({ provider: 'memory', ...mailbox, trigger: { kind: 'notification', ...(ids ? { messageIds: ids } : {}) }, receivedAt: new Date().toISOString() }, dedupeKey);
    } catch {
      res.status(503).json({ error: 'queue unavailable' });
      return;
    }
    res.status(202).json({ accepted: true });
  });
  return router;
}
