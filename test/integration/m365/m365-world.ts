/**
 * The Microsoft 365 end-to-end world: the Graph + Entra ID emulator, the service runtime (SQLite + in-process
 * queues) with its real HTTP app served over HTTPS (Graph only notifies https URLs), and the onboarding router.
 * Shared by the end-to-end test and `npm run bench:m365`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { loadConfig } from '../../../src/config/load.ts';
import type { Detector } from '../../../src/engine/detector.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createApp } from '../../../src/http/app.ts';
import { m365OnboardingRouter, type M365OnboardingReport } from '../../../src/http/onboarding/m365.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { startM365Emulator, type M365Emulator, type M365EmulatorOptions } from '../../emulators/m365/emulator.ts';
import { m365Endpoints } from '../../emulators/m365/test-tenant.ts';
import type { AppRegistration, Tenant, User } from '../../emulators/m365/model.ts';
import { testTls } from '../../emulators/tls/test-ca.ts';

export interface M365World {
  emu: M365Emulator;
  rt: Runtime;
  appUrl: string;
  app: AppRegistration;
  tenant: Tenant;
  users: User[];
  /** Runs the admin-consent flow through the browser redirects and returns the callback's report. */
  consent(): Promise<M365OnboardingReport>;
  /** Every queue empty and every notification delivered. */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function waitUntil(cond: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startM365World(options: { users: number; detectors: Detector[]; emulator?: M365EmulatorOptions; env?: Record<string, string> }): Promise<M365World> {
  const emu = await startM365Emulator(options.emulator);
  const dir = mkdtempSync(join(tmpdir(), 'mw-m365-world-'));
  const tls = testTls();
  // The service's HTTPS listener; its URL is known only after listen, so the app is attached afterwards.
  const outer = express();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, outer);
  await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
  const appUrl = `https://localhost:${(server.address() as AddressInfo).port}`;

  const secret = 'app-secret-for-the-e2e-test-0123456789';
  const app = emu.control.createApp({ redirectUris: [`${appUrl}/onboard/m365/callback`], secret });
  const { tenant, users } = emu.control.createTenant('contoso.example', Array.from({ length: options.users }, (_, i) => `user${i + 1}`));

  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '20', CATCHUP_AFTER_MS: '0', PUBLIC_URL: appUrl, ...options.env });
  const engine = createScanEngine({ detectors: options.detectors, lists: { get: () => new Set(), has: () => false } });
  const rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
  const service = createApp({
    store: rt.store,
    webhooks: createWebhookDeps(rt.store, rt.queues),
    metrics: rt.metrics,
    logger: rt.logger,
    queuesReady: async () => {},
    refreshQueueMetrics: async () => {},
    devRoutes: false,
    maxIngestBytes: 1_000_000,
  });
  outer.use('/onboard/m365', m365OnboardingRouter({ store: rt.store, app: { clientId: app.appId, clientSecret: secret }, publicUrl: appUrl, stateSecret: 'state-signing-secret-for-tests', endpoints: m365Endpoints(emu), concurrency: 16 }));
  outer.use(service);
  await rt.startWorkers();

  const follow = async (url: string) => {
    const res = await fetch(url, { redirect: 'manual' });
    return res.status === 302 ? res.headers.get('location')! : url;
  };

  return {
    emu,
    rt,
    appUrl,
    app,
    tenant,
    users,
    async consent() {
      emu.control.setConsent(tenant.id);
      const toConsent = await follow(`${appUrl}/onboard/m365`);
      const toCallback = await follow(toConsent);
      const res = await fetch(toCallback);
      return (await res.json()) as M365OnboardingReport;
    },
    async drained(timeoutMs = 60_000) {
      await waitUntil(async () => {
        await emu.control.settle();
        const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
        return counts.every((c) => c.waiting + c.active + c.delayed === 0) && emu.notifier.stats.queued === emu.notifier.stats.delivered + emu.notifier.stats.dropped + emu.notifier.stats.abandoned;
      }, timeoutMs, 'queues to drain');
    },
    async close() {
      await emu.close();
      await rt.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
