import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { deadLetterSink } from '../../../src/pipeline/dead-letters.ts';
import { createQueues, type Queues } from '../../../src/pipeline/queues.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { loadConfig } from '../../../src/config/load.ts';

const logger = createLogger({ level: 'silent' });

async function listen(app: ReturnType<typeof createApp>): Promise<{ base: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('http app', () => {
  let store: Store;
  let queues: Queues;
  let dev: { base: string; server: Server };
  let prod: { base: string; server: Server };
  let ready = true;

  beforeAll(async () => {
    store = await openStore({ sqliteFile: ':memory:', keyring: createKeyring('k1', randomBytes(32)) });
    const metrics = createMetrics();
    queues = createQueues(loadConfig({}), deadLetterSink(store, logger, metrics));
    await store.mailboxes.upsert({ tenantId: 't1', provider: 'memory', mailboxId: 'u1', address: 'user@example.com' });
    const deps = {
      store,
      webhooks: createWebhookDeps(store, queues),
      metrics,
      logger,
      queuesReady: async () => {
        if (!ready) throw new Error('redis down');
      },
      refreshQueueMetrics: async () => {
        for (const [state, n] of Object.entries(await queues.notifications.counts())) metrics.queueDepth.set({ queue: 'notifications', state }, n);
      },
      maxIngestBytes: 1024 * 1024,
    };
    dev = await listen(createApp({ ...deps, devRoutes: true }));
    prod = await listen(createApp({ ...deps, devRoutes: false }));
  });
  afterAll(async () => {
    dev.server.close();
    prod.server.close();
    await queues.close(0);
    await store.close();
  });

  it('healthz answers without touching dependencies; readyz reports a dependency outage as 503', async () => {
    expect(await (await fetch(`${dev.base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${dev.base}/readyz`)).status).toBe(200);
    ready = false;
    expect((await fetch(`${dev.base}/readyz`)).status).toBe(503);
    expect((await fetch(`${dev.base}/healthz`)).status).toBe(200);
    ready = true;
  });

  it('memory webhook: duplicates collapse into one job, unknown mailboxes are acknowledged and not queued', async () => {
    const post = (body: unknown) => fetch(`${dev.base}/webhooks/memory`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect((await post({ address: 'USER@example.com', messageIds: ['m1'] })).status).toBe(202);
    expect((await post({ address: 'user@example.com', messageIds: ['m1'] })).status).toBe(202);
    expect(await (await post({ address: 'stranger@example.com', messageIds: ['m2'] })).json()).toEqual({ accepted: false });
    expect((await post({ messageIds: ['m3'] })).status).toBe(400);
    expect((await queues.notifications.counts()).waiting).toBe(1);
  });

  it('metrics are Prometheus text with queue depths', async () => {
    const res = await fetch(`${dev.base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('mailwarden_queue_depth{queue="notifications",state="waiting"} 1');
    expect(text).toContain('# TYPE mailwarden_scan_seconds histogram');
  });

  it('development routes do not exist when turned off', async () => {
    expect((await fetch(`${prod.base}/dev/ingest`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(`${prod.base}/webhooks/memory`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${dev.base}/dev/ingest`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${dev.base}/dev/ingest?direction=sideways`, { method: 'POST', body: 'x' })).status).toBe(400);
  });
});
