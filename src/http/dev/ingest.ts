import { Router, raw } from 'express';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { ids } from '../../pipeline/jobs.ts';
import type { WebhookDeps } from '../../pipeline/ports.ts';
import type { Store } from '../../store/store.ts';

const DEV_TENANT = 'dev';

/**
 * Development ingestion (never mounted in production): POST /dev/ingest?address=… with a raw RFC 5322 body
 * delivers it into an in-process memory mailbox of the `dev` tenant and announces it, so the whole pipeline
 * runs with no provider account. `&direction=outbound` puts it in as mail the mailbox sent (Sent Items), which
 * is scanned for DLP and may open an incident. GET /dev/messages/:key shows the verdict and actions recorded for it.
 */
export function devRouter(store: Store, deps: WebhookDeps, maxBytes: number): Router {
  const router = Router();
  router.post('/ingest', raw({ type: () => true, limit: maxBytes }), async (req, res) => {
    const address = typeof req.query.address === 'string' ? req.query.address.toLowerCase() : 'user@dev.local';
    const direction = req.query.direction ?? 'inbound';
    if (direction !== 'inbound' && direction !== 'outbound') {
      res.status(400).json({ error: 'direction must be inbound or outbound' });
      return;
    }
    const body = req.body as Buffer;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      res.status(400).json({ error: 'raw message body required' });
      return;
    }
    if (!(await store.tenants.get(DEV_TENANT))) {
      await store.tenants.upsert({ id: DEV_TENANT, name: 'Development', provider: 'memory', settings: {} });
    }
    await store.mailboxes.upsert({ tenantId: DEV_TENANT, provider: 'memory', mailboxId: address, address });
    sharedMemoryStore.addMailbox(DEV_TENANT, address, address);
    const messageId = sharedMemoryStore.deliver(DEV_TENANT, address, body, direction);
    await deps.enqueueNotification({ provider: 'memory', tenantId: DEV_TENANT, mailboxId: address, trigger: { kind: 'notification', messageIds: [messageId] }, receivedAt: new Date().toISOString() }, messageId);
    res.status(202).json({ messageId, messageKey: ids.message('memory', DEV_TENANT, address, messageId) });
  });
  router.get('/messages/:key', async (req, res) => {
    const key = String(req.params.key);
    const message = await store.messages.get(key);
    if (!message || message.tenant_id !== DEV_TENANT) {
      res.status(404).json({ error: 'unknown message' });
      return;
    }
    const verdict = await store.messages.verdict(key);
    const actions = await store.actions.forMessage(key);
    res.json({
      status: message.status,
      lastError: message.last_error,
      verdict: verdict ? { verdict: verdict.verdict.verdict, score: verdict.verdict.score, decision: verdict.decision } : null,
      actions: actions.map((a) => ({ action: a.action, status: a.status })),
    });
  });
  return router;
}
