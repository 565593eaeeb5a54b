/**
 * The world of the DLP incident end-to-end test: the Graph + Entra ID emulator, the service runtime (SQLite,
 * in-process queues, the real DLP detector) whose log lines are captured, its HTTPS app (webhooks, onboarding),
 * and a consented tenant whose policy asks for every incident action.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import pg from 'pg';
import { loadConfig } from '../../../src/config/load.ts';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createApp } from '../../../src/http/app.ts';
import { m365OnboardingRouter, type M365OnboardingReport } from '../../../src/http/onboarding/m365.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { startM365Emulator, type M365Emulator } from '../../emulators/m365/emulator.ts';
import type { User } from '../../emulators/m365/model.ts';
import { m365Endpoints } from '../../emulators/m365/test-tenant.ts';
import { testTls } from '../../emulators/tls/test-ca.ts';

export interface DlpWorld {
  emu: M365Emulator;
  rt: Runtime;
  dir: string;
  logs: string[];
  tenantId: string;
  /** alice sends, soc receives alerts, security sends them (ALERT_FROM); all protected mailboxes. */
  users: Record<'alice' | 'soc' | 'security', User>;
  drained(timeoutMs?: number): Promise<void>;
  /** Every row of every table as text (PostgreSQL; SQLite is grepped as its file in the data dir). */
  databaseText(): Promise<string>;
  /** Stops the service (flushing logs), then the emulator; the data dir stays until `cleanup`. */
  stop(): Promise<void>;
  cleanup(): void;
}

export async function waitUntil(cond: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** `env` switches the backends, e.g. DATABASE_URL + REDIS_URL for PostgreSQL and bull queues. */
export async function startDlpWorld(policy: Record<string, unknown>, env: Record<string, string> = {}): Promise<DlpWorld> {
  const emu = await startM365Emulator({ notifier: { retryDelaysMs: [50, 200, 500], batchDelayMs: 10 } });
  const dir = mkdtempSync(join(tmpdir(), 'mw-dlp-incidents-'));
  const tls = testTls();
  const outer = express();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, outer);
  await new Promise<void>((r) => server.listen(0, 'localhost', () => r()));
  const appUrl = `https://localhost:${(server.address() as AddressInfo).port}`;
  const secret = 'app-secret-for-the-dlp-test-0123456789';
  const app = emu.control.createApp({ redirectUris: [`${appUrl}/onboard/m365/callback`], secret });
  const { tenant, users } = emu.control.createTenant('contoso.example', ['alice', 'soc', 'security']);
  const [alice, soc, security] = users as [User, User, User];

  const logs: string[] = [];
  const destination = new Writable({ write: (chunk, _enc, cb) => (logs.push(String(chunk)), cb()) });
  const config = loadConfig({
    DATA_DIR: dir, LOG_LEVEL: 'debug', JOB_BACKOFF_MS: '20', CATCHUP_AFTER_MS: '0', PUBLIC_URL: appUrl, ALERT_DIGEST: 'false',
    ALERT_RECIPIENTS: soc.mail, ALERT_FROM: `MailWarden <${security.mail}>`, ALERT_TRANSPORT: 'provider', DASHBOARD_URL: 'https://mw.contoso.example',
    ...env,
  });
  const engine = createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set(), has: () => false } });
  const rt = await createRuntime(config, { engine, logger: createLogger({ level: 'debug', destination }), metrics: createMetrics() });
  const service = createApp({
    store: rt.store, webhooks: createWebhookDeps(rt.store, rt.queues), metrics: rt.metrics, logger: rt.logger,
    queuesReady: async () => {}, refreshQueueMetrics: async () => {}, devRoutes: false, maxIngestBytes: 1_000_000,
  });
  outer.use('/onboard/m365', m365OnboardingRouter({ store: rt.store, app: { clientId: app.appId, clientSecret: secret }, publicUrl: appUrl, stateSecret: 'state-signing-secret-for-tests', endpoints: m365Endpoints(emu), concurrency: 4 }));
  outer.use(service);
  await rt.startWorkers();

  // Admin consent through the browser redirects, as an admin would.
  const follow = async (url: string) => {
    const res = await fetch(url, { redirect: 'manual' });
    return res.status === 302 ? res.headers.get('location')! : url;
  };
  emu.control.setConsent(tenant.id);
  const report = (await (await fetch(await follow(await follow(`${appUrl}/onboard/m365`)))).json()) as M365OnboardingReport;
  if (report.status !== 'ready') throw new Error(`consent failed: ${JSON.stringify(report)}`);
  await rt.store.tenants.setPolicy(report.tenantId, policy as Parameters<typeof rt.store.tenants.setPolicy>[1]);

  let stopped = false;
  return {
    emu, rt, dir, logs, tenantId: report.tenantId, users: { alice, soc, security },
    async drained(timeoutMs = 60_000) {
      await waitUntil(async () => {
        await emu.control.settle();
        const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate, rt.queues.alerts].map((q) => q.counts()));
        return counts.every((c) => c.waiting + c.active + c.delayed === 0) && emu.notifier.stats.queued === emu.notifier.stats.delivered + emu.notifier.stats.dropped + emu.notifier.stats.abandoned;
      }, timeoutMs, 'queues to drain');
    },
    async databaseText() {
      if (!config.DATABASE_URL) return '';
      const client = new pg.Client({ connectionString: config.DATABASE_URL });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1', [config.DATABASE_SCHEMA]);
        const out: string[] = [];
        for (const { table_name } of tables.rows) {
          const rows = await client.query(`select * from "${config.DATABASE_SCHEMA}"."${table_name}"`);
          for (const row of rows.rows as Record<string, unknown>[]) out.push(Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))).join('\t'));
        }
        return out.join('\n');
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (rt.queues.kind === 'redis') await rt.queues.destroy();
      await rt.close();
      await emu.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
