import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { adminApiRouter } from '../../src/http/admin/index.ts';
import { createApp } from '../../src/http/app.ts';
import { hashPassword } from '../../src/http/auth/password.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { releaseMessage } from '../../src/pipeline/release.ts';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import type { Role } from '../../src/store/users-repo.ts';
import { usersRepo } from '../../src/store/users-repo.ts';

/** The tenant the dev ingestion route (src/http/dev/ingest.ts) delivers into. */
export const DEV_TENANT = 'dev';

/** A running MailWarden (embedded defaults: SQLite in a temp dir, in-process queues, memory provider, real engine). */
export interface DashboardService {
  baseUrl: string;
  runtime: Runtime;
  http: RunningServer;
  createUser(email: string, password: string, role: Role, tenantId?: string): Promise<void>;
  /** POST /dev/ingest: deliver a raw message into a dev mailbox; resolves with its message key. */
  deliver(raw: Uint8Array, address?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the service as `mailwarden serve` composes it (runtime + app + admin API at /api/v1 + dashboard at /),
 * on an ephemeral port. The dev tenant is created in enforce mode so a phishing verdict is quarantined.
 */
export async function startDashboardService(): Promise<DashboardService> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-dash-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DEV_INGEST: 'true', JOB_BACKOFF_MS: '5' });
  const runtime = await createRuntime(config);
  const { store, logger, queues } = runtime;
  await store.tenants.upsert({ id: DEV_TENANT, name: 'Development', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
  const admin = adminApiRouter(
    { store, remediate: queues.remediate, release: (key, actor, reason) => releaseMessage(runtime.ctx, key, actor, reason), detectors: runtime.ctx.engine.detectors, logger, eventsPollMs: 250 },
    { secureCookies: false },
  );
  const app = createApp({
    store,
    webhooks: createWebhookDeps(store, queues),
    metrics: runtime.metrics,
    logger,
    queuesReady: async () => {
      await queues.notifications.counts();
    },
    refreshQueueMetrics: () => runtime.refreshQueueMetrics(),
    devRoutes: true,
    maxIngestBytes: config.SCAN_MAX_BYTES,
    routes: [{ path: '/api/v1', router: admin }],
  });
  await runtime.startWorkers();
  const http = await startServer(app, { port: 0, host: '127.0.0.1', logger });
  const baseUrl = `http://127.0.0.1:${http.port}`;
  return {
    baseUrl,
    runtime,
    http,
    async createUser(email, password, role, tenantId = DEV_TENANT) {
      const users = usersRepo(store.db);
      const user = (await users.byEmail(email)) ?? (await users.create(email, await hashPassword(password)));
      await users.grant(user.id, tenantId, role);
    },
    async deliver(raw, address = 'alex@dev.local') {
      const res = await fetch(`${baseUrl}/dev/ingest?address=${encodeURIComponent(address)}`, { method: 'POST', body: raw, headers: { 'Content-Type': 'message/rfc822' } });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      return ((await res.json()) as { messageKey: string }).messageKey;
    },
    async stop() {
      await http.close(0);
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
