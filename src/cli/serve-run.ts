import { ConfigError, loadConfig } from '../config/load.ts';
import type { AppConfig } from '../config/schema.ts';
import { createApp, createMetricsApp } from '../http/app.ts';
import { bootstrapAdmin } from '../http/admin/bootstrap.ts';
import { adminRoutes } from '../http/admin/mount.ts';
import { startServer, type RunningServer } from '../http/server.ts';
import { startScheduler } from '../pipeline/scheduler.ts';
import { createRuntime, type Runtime } from '../pipeline/runtime.ts';
import { createWebhookDeps } from '../pipeline/webhook-deps.ts';

export type Role = 'api' | 'worker' | 'scheduler' | 'all';

export interface Service {
  runtime: Runtime;
  http: RunningServer | null;
  /** Graceful: stop taking work (HTTP, scheduler), finish or release running jobs, close queues and pools. */
  stop(): Promise<void>;
}

/** Starts the roles asked for in this process over one runtime. */
export async function startService(config: AppConfig, role: Role): Promise<Service> {
  const runtime = await createRuntime(config);
  const { logger, store, queues } = runtime;
  let http: RunningServer | null = null;
  let scheduler: ReturnType<typeof startScheduler> | null = null;
  try {
    if (role === 'api' || role === 'all') {
      await bootstrapAdmin(store, config, logger);
      const app = createApp({
        store,
        webhooks: createWebhookDeps(store, queues, { googlePush: googlePushConfig(config) }),
        metrics: runtime.metrics,
        logger,
        queuesReady: async () => {
          await queues.notifications.counts();
        },
        refreshQueueMetrics: () => runtime.refreshQueueMetrics(),
        devRoutes: config.DEV_INGEST && config.NODE_ENV !== 'production',
        maxIngestBytes: config.SCAN_MAX_BYTES,
        routes: adminRoutes(runtime, config),
      });
      http = await startServer(app, { port: config.PORT, host: config.HOST, logger });
    }
    else if (config.METRICS_PORT !== undefined) {
      const app = createMetricsApp({ metrics: runtime.metrics, refreshQueueMetrics: () => runtime.refreshQueueMetrics() });
      http = await startServer(app, { port: config.METRICS_PORT, host: config.HOST, logger });
    }
    if (role === 'worker' || role === 'all') await runtime.startWorkers();
    if (role === 'scheduler' || role === 'all') {
      scheduler = startScheduler({ store, queues, semaphore: runtime.semaphore, intervalMs: config.SCHEDULER_INTERVAL_MS, logger, ctx: runtime.ctx });
    }
  } catch (err) {
    await http?.close(0);
    await runtime.close();
    throw err;
  }
  logger.info({ role }, 'mailwarden serving');
  let stopping: Promise<void> | null = null;
  return {
    runtime,
    http,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down');
        scheduler?.stop();
        await http?.close(Math.min(5000, config.SHUTDOWN_GRACE_MS));
        await runtime.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

function googlePushConfig(config: AppConfig) {
  if (!config.GOOGLE_PUSH_AUDIENCE) return undefined;
  const emails = config.GOOGLE_PUSH_SERVICE_ACCOUNTS.split(',').map((s) => s.trim()).filter(Boolean);
  return { audience: config.GOOGLE_PUSH_AUDIENCE, serviceAccountEmails: emails, ...(config.GOOGLE_CERTS_URL ? { certsUrl: config.GOOGLE_CERTS_URL } : {}) };
}

/** `mailwarden serve`: validate config, start, and run until SIGTERM/SIGINT. */
export async function runServe(role: Role): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  let service: Service;
  try {
    service = await startService(config, role);
  } catch (err) {
    // A dependency that is down or misconfigured at boot (database, Redis, port in use): say which, exit non-zero.
    console.error(`mailwarden: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      service.stop().then(resolve, resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return 0;
}
