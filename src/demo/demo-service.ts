/**
 * The service as `mailwarden serve` runs it on its embedded defaults (SQLite, in-process queues, the real scan
 * engine and workers, the admin API and the dashboard), plus the onboarding routers pointed at the emulators. Two loopback listeners serve the
 * one app: HTTPS for Microsoft Graph (it only notifies https URLs) and plain HTTP for the browser and Pub/Sub.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppConfig } from '../config/schema.ts';
import { bootstrapAdmin } from '../http/admin/bootstrap.ts';
import { adminRoutes } from '../http/admin/mount.ts';
import { createApp } from '../http/app.ts';
import { googleOnboardingRouter } from '../http/onboarding/google.ts';
import { m365OnboardingRouter } from '../http/onboarding/m365.ts';
import type { Logger } from '../observability/logger.ts';
import { createRuntime, type Runtime } from '../pipeline/runtime.ts';
import { createWebhookDeps } from '../pipeline/webhook-deps.ts';
import type { EmulatedGoogle, EmulatedM365 } from './emulated-tenants.ts';
import { PUSH_AUDIENCE, PUSHER } from './emulated-tenants.ts';

export interface DemoService {
  runtime: Runtime;
  /** Where the browser goes (plain HTTP on loopback). */
  dashboardUrl: string;
  /** Where Graph notifies and the consent callback lands (HTTPS on loopback). */
  secureUrl: string;
  /** True when the demo sign-in (ADMIN_BOOTSTRAP_*) was created now, false when a user already existed. */
  createdUser: boolean;
  close(): Promise<void>;
}

export interface DemoServiceOptions {
  config: AppConfig;
  logger: Logger;
  tls: { key: string; cert: string };
  m365: EmulatedM365;
  google: EmulatedGoogle;
}

function listen(server: HttpServer | HttpsServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the demo's onboarding routes are not behind sign-in.
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startDemoService(o: DemoServiceOptions): Promise<DemoService> {
  const outer = express();
  const httpServer = createHttpServer(outer);
  const httpsServer = createHttpsServer({ key: o.tls.key, cert: o.tls.cert }, outer);
  const dashboardUrl = `http://localhost:${await listen(httpServer, o.config.PORT)}`;
  const secureUrl = `https://localhost:${await listen(httpsServer, 0)}`;

  const runtime = await createRuntime(o.config, { logger: o.logger });
  const createdUser = await bootstrapAdmin(runtime.store, o.config, runtime.logger);
  outer.use('/onboard/m365', m365OnboardingRouter({
    store: runtime.store, app: { clientId: o.m365.app.appId, clientSecret: o.m365.secret }, publicUrl: secureUrl,
    stateSecret: o.m365.secret, endpoints: o.m365.endpoints, concurrency: 8,
  }));
  outer.use('/onboard/google', googleOnboardingRouter({
    store: runtime.store, serviceAccount: o.google.sa, topicName: o.google.topic, publicUrl: dashboardUrl, endpoints: o.google.endpoints, concurrency: 8,
  }));
  outer.use(createApp({
    store: runtime.store,
    webhooks: { ...createWebhookDeps(runtime.store, runtime.queues), googlePush: { audience: PUSH_AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: o.google.emu.certsUrl } },
    metrics: runtime.metrics,
    logger: runtime.logger,
    queuesReady: async () => {
      await runtime.queues.notifications.counts();
    },
    refreshQueueMetrics: () => runtime.refreshQueueMetrics(),
    devRoutes: false,
    maxIngestBytes: o.config.SCAN_MAX_BYTES,
    routes: adminRoutes(runtime, o.config),
  }));
  await runtime.startWorkers();
  return {
    runtime, dashboardUrl, secureUrl, createdUser,
    async close() {
      httpServer.closeAllConnections();
      httpsServer.closeAllConnections();
      await Promise.all([httpServer, httpsServer].map((s) => new Promise<void>((r) => s.close(() => r()))));
      await runtime.close();
    },
  };
}
