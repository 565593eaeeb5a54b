import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.ts';
import type { ScanEngine } from '../../../src/engine/scan-message.ts';
import { createApp } from '../../../src/http/app.ts';
import { onboardGoogle, type GoogleOnboardingReport } from '../../../src/http/onboarding/google.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { startGoogleWorld, TOPIC, type GoogleWorld } from '../../emulators/google/google-world.ts';

export const PUSH_AUDIENCE = 'https://mailwarden.test/webhooks/google';
export const PUSHER = 'gmail-push@mailwarden-test.iam.gserviceaccount.com';

export interface GoogleService {
  w: GoogleWorld;
  rt: Runtime;
  appUrl: string;
  /** Runs onboarding for the world's domain and switches the tenant to enforce mode. */
  install(): Promise<GoogleOnboardingReport>;
  tenantId(): string;
  messageKey(address: string, messageId: string): string;
  /** Waits until no watch notification, push, or job is pending. */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The Google emulator wired to the embedded service (SQLite, in-process queues, workers) and its HTTP app,
 * with the Pub/Sub push subscription pointing at the app's POST /webhooks/google.
 */
export async function startGoogleService(options: { engine: ScanEngine; userCount: number; domain?: string; env?: Record<string, string> }): Promise<GoogleService> {
  const w = await startGoogleWorld({ userCount: options.userCount, ...(options.domain ? { domain: options.domain } : {}) });
  w.emu.pubsub.backoff = { minMs: 50, maxMs: 400 };
  const dir = mkdtempSync(join(tmpdir(), 'mw-google-svc-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '20', ...options.env });
  const rt = await createRuntime(config, { engine: options.engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
  const app = createApp({
    store: rt.store,
    webhooks: { ...createWebhookDeps(rt.store, rt.queues), googlePush: { audience: PUSH_AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: w.emu.certsUrl } },
    metrics: rt.metrics,
    logger: rt.logger,
    queuesReady: async () => {},
    refreshQueueMetrics: async () => {},
    devRoutes: false,
    maxIngestBytes: 1_000_000,
  });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w.emu.pubsub.createPushSubscription({
    name: 'projects/mailwarden-test/subscriptions/mailwarden', topic: TOPIC, endpoint: `${appUrl}/webhooks/google`,
    audience: PUSH_AUDIENCE, serviceAccountEmail: PUSHER,
  });
  await rt.startWorkers();
  let tenantId = '';
  return {
    w, rt, appUrl,
    async install() {
      const report = await onboardGoogle(
        { store: rt.store, serviceAccount: w.sa, topicName: TOPIC, publicUrl: appUrl, endpoints: w.connection.endpoints },
        { domain: w.domain, adminEmail: w.admin },
      );
      tenantId = report.tenantId;
      if (report.status === 'ready') await rt.store.tenants.setPolicy(tenantId, { mode: 'enforce' });
      return report;
    },
    tenantId: () => tenantId,
    messageKey: (address, messageId) => ids.message('google', tenantId, address, messageId),
    drained: (timeoutMs = 30_000) => waitUntil(async () => {
      const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
      return w.emu.watches.idle() && w.emu.pubsub.idle() && counts.every((c) => c.waiting + c.active + c.delayed === 0);
    }, timeoutMs),
    async close() {
      await w.emu.close();
      await rt.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
