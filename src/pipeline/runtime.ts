import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startAlerts } from '../alerts/alert-service.ts';
import type { AppConfig } from '../config/schema.ts';
import type { ScanEngine } from '../engine/scan-message.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { openConfiguredStore } from '../store/open-configured-store.ts';
import type { Store } from '../store/store.ts';
import type { PipelineContext } from './context.ts';
import { deadLetterSink } from './dead-letters.ts';
import { recoverDlpIncidentActions } from './dlp-incident-actions.ts';
import { createPipelineEngine, warmUpScanning } from './engine.ts';
import { ids, type RemediateJob } from './jobs.ts';
import { createProviderCache } from './provider-cache.ts';
import { createDirectory } from './directory.ts';
import { createQueues, type Queues } from './queues.ts';
import { QUEUE_NAMES } from './queue/types.ts';
import { memorySemaphore, redisSemaphore, type Semaphore } from './semaphore.ts';
import { maintenanceHandler } from './workers/maintenance-worker.ts';
import { notificationHandler } from './workers/notification-worker.ts';
import { remediateHandler } from './workers/remediate-worker.ts';
import { scanHandler } from './workers/scan-worker.ts';

/** One process's service: store, queues, locks, engine and workers, built from the config. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  metrics: Metrics;
  store: Store;
  queues: Queues;
  semaphore: Semaphore;
  ctx: PipelineContext;
  /** Starts the four workers in this process with the configured concurrency. */
  startWorkers(): Promise<void>;
  /** Queue depths into the metrics gauge (called by /metrics). */
  refreshQueueMetrics(): Promise<void>;
  close(): Promise<void>;
}

export async function createRuntime(config: AppConfig, options: { logger?: Logger; engine?: ScanEngine; metrics?: Metrics } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const metrics = options.metrics ?? createMetrics({ defaults: true });
  const store = await openConfiguredStore(config, logger);
  const queues = createQueues(config, deadLetterSink(store, logger, metrics));
  let redis: Redis | null = null;
  let semaphore: Semaphore;
  if (config.REDIS_URL) {
    redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, connectionName: `mailwarden-sem-${randomUUID().slice(0, 8)}` });
    // ioredis reconnects by itself; without a listener it prints every failed attempt to stderr during an outage.
    redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'semaphore redis connection error'));
    semaphore = redisSemaphore(redis, config.QUEUE_PREFIX);
  } else {
    semaphore = memorySemaphore();
  }
  const engine = options.engine ?? (await createPipelineEngine(config));
  const ctx: PipelineContext = { config, store, queues, semaphore, engine, providers: createProviderCache(store), directory: createDirectory(store), logger, metrics };
  logger.info({ database: store.dialect, queues: queues.kind }, 'runtime ready');
  let alerts: ReturnType<typeof startAlerts> | null = null;

  return {
    config,
    logger,
    metrics,
    store,
    queues,
    semaphore,
    ctx,
    async startWorkers() {
      warmUpScanning();
      if (queues.kind === 'memory') await recoverUnfinished(ctx);
      queues.notifications.process(notificationHandler(ctx), config.NOTIFY_CONCURRENCY);
      queues.scan.process(scanHandler(ctx), config.SCAN_CONCURRENCY);
      queues.remediate.process(remediateHandler(ctx), config.REMEDIATE_CONCURRENCY);
      queues.maintenance.process(maintenanceHandler(ctx), 1);
      alerts = startAlerts(ctx, queues.alerts, config);
      logger.info({ scan: config.SCAN_CONCURRENCY, notify: config.NOTIFY_CONCURRENCY, remediate: config.REMEDIATE_CONCURRENCY }, 'workers started');
    },
    async refreshQueueMetrics() {
      for (const name of QUEUE_NAMES) {
        const c = await queues.byName(name).counts();
        for (const [state, n] of Object.entries(c)) metrics.queueDepth.set({ queue: name, state }, n);
      }
    },
    async close() {
      alerts?.stop();
      await queues.close(config.SHUTDOWN_GRACE_MS);
      redis?.disconnect();
      await store.close();
    },
  };
}

/**
 * In-process queues do not survive a restart. From the store, put back what was in flight: messages seen but not
 * scanned, decisions whose action was never recorded, and a catch-up sync for every mailbox that has a cursor
 * (notifications received but not yet resolved when the process stopped).
 */
async function recoverUnfinished(ctx: PipelineContext): Promise<void> {
  const pending = await ctx.store.messages.unfinished();
  for (const m of pending) {
    const mailbox = await ctx.directory.mailbox(m.tenantId, m.mailboxId);
    if (!mailbox) continue;
    await ctx.queues.scan.add({ provider: mailbox.provider, tenantId: m.tenantId, mailboxId: m.mailboxId, messageId: m.messageId, direction: m.direction, messageKey: m.key, receivedAt: Date.now() }, ids.scan(m.key));
  }
  const undone = await ctx.store.messages.undoneDecisions();
  for (const u of undone) {
    const mailbox = await ctx.directory.mailbox(u.tenantId, u.mailboxId);
    if (!mailbox || u.decision.action === 'none') continue;
    const job: RemediateJob = { provider: mailbox.provider, tenantId: u.tenantId, mailboxId: u.mailboxId, messageId: u.messageId, messageKey: u.key, action: u.decision.action, actor: 'policy', reason: u.decision.reason, receivedAt: Date.now() };
    if (u.decision.tag) job.tag = u.decision.tag;
    await ctx.queues.remediate.add(job, ids.remediate(u.key, u.decision.action));
  }
  const synced = await ctx.store.cursors.staleSince(new Date(Date.now() + 1000));
  for (const s of synced) {
    const mailbox = await ctx.directory.mailbox(s.tenantId, s.mailboxId);
    if (!mailbox?.enabled) continue;
    const job = { provider: mailbox.provider, tenantId: s.tenantId, mailboxId: s.mailboxId, trigger: { kind: 'catchup' as const, reason: 'service restarted' }, receivedAt: new Date().toISOString() };
    await ctx.queues.notifications.add(job, ids.notification(job, `restart:${Date.now()}`));
  }
  const dlpActions = await recoverDlpIncidentActions(ctx);
  if (pending.length + undone.length + dlpActions > 0) ctx.logger.info({ scans: pending.length, actions: undone.length, dlpActions, catchups: synced.length }, 're-enqueued unfinished work after restart');
}
