import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { WebhookDeps } from '../pipeline/ports.ts';
import type { Store } from '../store/store.ts';
import { dashboardRouter } from './dashboard/index.ts';
import { devRouter } from './dev/ingest.ts';
import { WEBHOOKS } from './webhooks/index.ts';
import { memoryWebhook } from './webhooks/memory.ts';

export interface AppDeps {
  store: Store;
  webhooks: WebhookDeps;
  metrics: Metrics;
  logger: Logger;
  /** Round trip to the queue backend for /readyz. */
  queuesReady(): Promise<void>;
  refreshQueueMetrics(): Promise<void>;
  /** Mount /dev/* and /webhooks/memory (never in production). */
  devRoutes: boolean;
  maxIngestBytes: number;
  /** More routers to mount before the 404 handler (onboarding, admin, dashboard), each behind its own auth. */
  routes?: { path: string; router: Router }[];
}

/** The app of processes without the API role: liveness and metrics only. */
export function createMetricsApp(deps: Pick<AppDeps, 'metrics' | 'refreshQueueMetrics'>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    await deps.refreshQueueMetrics().catch(() => {});
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return app;
}

/** The express app. It never listens (server.ts does), so tests drive it on an ephemeral port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Provider webhooks first, before helmet: machines call them and read no HTML, so the dozen browser headers
  // would be pure cost on the one path that must answer fast (see docs/deployment.md, webhook acknowledgement).
  for (const [provider, factory] of Object.entries(WEBHOOKS)) {
    if (factory) app.use(`/webhooks/${provider}`, factory(deps.webhooks, deps.logger.child({ component: `webhooks.${provider}` })));
  }
  app.use(helmet());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.store.ping();
      await deps.queuesReady();
      res.json({ status: 'ready' });
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'not ready');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    await deps.refreshQueueMetrics().catch(() => {});
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  if (deps.devRoutes) {
    app.use('/webhooks/memory', memoryWebhook(deps.webhooks));
    app.use('/dev', devRouter(deps.store, deps.webhooks, deps.maxIngestBytes));
  }
  for (const r of deps.routes ?? []) app.use(r.path, r.router);
  // The dashboard: `/` and `/static/*` only, so it cannot shadow any API or webhook path.
  app.use(dashboardRouter());
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Express 5 forwards rejected promises here; answer 500 without leaking internals.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
  return app;
}
