/**
 * MailWarden split into its roles as a deployment runs it: a front runtime (webhooks + the scheduler role) and a
 * separate worker runtime that a test can stop and start again, over real Redis queues and a PostgreSQL schema
 * of their own. With the workers stopped, notifications pile up in Redis and only the scheduler acts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { loadConfig } from '../../../src/config/load.ts';
import type { AppConfig } from '../../../src/config/schema.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createApp } from '../../../src/http/app.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { startScheduler } from '../../../src/pipeline/scheduler.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { holdRepo, type HoldState } from '../../../src/store/hold-repo.ts';
import { verdictFromSubject } from '../../helpers/verdict-detector.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../../helpers/pg-schema.ts';

export interface SplitService {
  config: AppConfig;
  /** Webhooks + scheduler: never runs a worker. */
  front: Runtime;
  /** The express app answering the provider's pushes (mount it on an HTTP(S) server). */
  app: Express;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  startScheduler(): void;
  /** The hold state of every mailbox of the tenant. */
  holdStates(tenantId: string): Promise<Map<string, HoldState | null>>;
  /** No job waiting, active or delayed in the notification, scan and remediate queues. */
  queuesIdle(): Promise<boolean>;
  close(servers?: Server[]): Promise<void>;
}

export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSplitService(env: Record<string, string>, webhookExtras: Partial<Parameters<typeof createApp>[0]['webhooks']> = {}): Promise<SplitService> {
  const schema = uniqueSchema('mwhold');
  const dir = mkdtempSync(join(tmpdir(), 'mw-hold-'));
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: TEST_PG_URL,
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `mwhold-${randomUUID().slice(0, 8)}`,
    VAULT_KEY: randomBytes(32).toString('base64'),
    JOB_BACKOFF_MS: '50',
    QUEUE_LOCK_MS: '5000',
    CATCHUP_AFTER_MS: '600000',
    // Maintenance ticks are not what these tests are about; the hold sweep has its own timer.
    SCHEDULER_INTERVAL_MS: '600000',
    ...env,
  });
  const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
  const quiet = () => ({ engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
  const front = await createRuntime(config, quiet());
  const app = createApp({
    store: front.store,
    webhooks: { ...createWebhookDeps(front.store, front.queues), ...webhookExtras },
    metrics: front.metrics,
    logger: front.logger,
    queuesReady: async () => {},
    refreshQueueMetrics: async () => {},
    devRoutes: false,
    maxIngestBytes: 1_000_000,
  });
  let workers: Runtime | null = null;
  let scheduler: ReturnType<typeof startScheduler> | null = null;
  return {
    config,
    front,
    app,
    async startWorkers() {
      if (workers) return;
      workers = await createRuntime(config, quiet());
      await workers.startWorkers();
    },
    async stopWorkers() {
      const w = workers;
      workers = null;
      await w?.close();
    },
    startScheduler() {
      scheduler ??= startScheduler({ store: front.store, queues: front.queues, semaphore: front.semaphore, intervalMs: config.SCHEDULER_INTERVAL_MS, logger: front.logger, ctx: front.ctx });
    },
    async holdStates(tenantId) {
      const all = await holdRepo(front.store.db).forTenant(tenantId);
      return new Map([...all].map(([id, h]) => [id, h.state]));
    },
    async queuesIdle() {
      const counts = await Promise.all([front.queues.notifications, front.queues.scan, front.queues.remediate].map((q) => q.counts()));
      return counts.every((c) => c.waiting + c.active + c.delayed === 0);
    },
    async close(servers = []) {
      scheduler?.stop();
      await workers?.close();
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
      await front.queues.destroy();
      await front.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
