import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { startScheduler } from '../../../src/pipeline/scheduler.ts';
import { maintenanceHandler } from '../../../src/pipeline/workers/maintenance-worker.ts';
import { leasesRepo } from '../../../src/store/leases-repo.ts';

describe('scheduler and maintenance', () => {
  let dir: string;
  let rt: Runtime;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-sched-'));
    rt = await createRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SUBSCRIPTION_RENEW_BEFORE_MS: '3600000', CATCHUP_AFTER_MS: '60000' }), { logger, metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: 'ten', name: 'T', provider: 'memory', settings: {} });
    await rt.store.mailboxes.upsert({ tenantId: 'ten', provider: 'memory', mailboxId: 'mb', address: 'mb@t.example' });
    sharedMemoryStore.addMailbox('ten', 'mb', 'mb@t.example');
  });
  afterAll(async () => {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('only the lease holder enqueues a tick; a tick enqueues each task once', async () => {
    const a = startScheduler({ store: rt.store, queues: rt.queues, semaphore: rt.semaphore, intervalMs: 3_600_000, logger });
    await new Promise((r) => setTimeout(r, 50));
    // A second scheduler (another process: another lease holder) is refused while the first holds the lease.
    const other = leasesRepo(rt.store.db, 'scheduler-b');
    expect(await other.acquire('scheduler', 60_000)).toBe(false);
    expect(await a.tick()).toBe(true); // the holder renews and ticks again; same slot → no new jobs
    expect((await rt.queues.maintenance.counts()).waiting).toBe(3);
    a.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(await other.acquire('scheduler', 60_000)).toBe(true);
  });

  it('renews subscriptions that expire within the window, keeps the others', async () => {
    const provider = await rt.ctx.providers.get('ten');
    const mailbox = (await rt.store.mailboxes.get('ten', 'mb'))!;
    const state = await provider.ensureSubscription(mailbox, null, 'http://x/webhooks/memory');
    await rt.store.subscriptions.save('memory', 'ten', 'mb', { id: state.id, secret: state.secret, expiresAt: new Date(Date.now() + 60_000) });
    const before = sharedMemoryStore.count('ensureSubscription');
    const run = maintenanceHandler(rt.ctx);
    await run({ id: 'r1', queue: 'maintenance', attempt: 1, data: { task: 'renew-subscriptions', slot: 1 } });
    const renewed = (await rt.store.subscriptions.forMailbox('ten', 'mb'))!;
    expect(renewed.id).toBe(state.id);
    expect(renewed.secret).toBe(state.secret);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(sharedMemoryStore.count('ensureSubscription')).toBe(before + 1);
    await run({ id: 'r2', queue: 'maintenance', attempt: 1, data: { task: 'renew-subscriptions', slot: 2 } });
    expect(sharedMemoryStore.count('ensureSubscription')).toBe(before + 1); // nothing due any more
    expect((await rt.store.actions.auditFor('ten/mb')).map((a) => a.action)).toEqual(['renew-subscription']);
  });

  it('catch-up enqueues a sync for a mailbox silent past CATCHUP_AFTER_MS, not for a fresh one', async () => {
    await rt.store.db.insertInto('cursors').values({ tenant_id: 'ten', mailbox_id: 'mb', cursor: '0', last_sync_at: new Date(Date.now() - 3600_000).toISOString() }).execute();
    const run = maintenanceHandler(rt.ctx);
    await run({ id: 'c1', queue: 'maintenance', attempt: 1, data: { task: 'catch-up', slot: 1 } });
    expect((await rt.queues.notifications.counts()).waiting).toBe(1);
    await rt.store.cursors.advance('ten', 'mb', null);
    await run({ id: 'c2', queue: 'maintenance', attempt: 1, data: { task: 'catch-up', slot: 2 } });
    expect((await rt.queues.notifications.counts()).waiting).toBe(1);
  });
});
