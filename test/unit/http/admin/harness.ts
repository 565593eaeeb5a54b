import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedMemoryStore } from '../../../../connectors/memory/index.ts';
import { loadConfig } from '../../../../src/config/load.ts';
import { createScanEngine } from '../../../../src/engine/scan-message.ts';
import { createApp } from '../../../../src/http/app.ts';
import { adminRoutes } from '../../../../src/http/admin/mount.ts';
import { hashPassword } from '../../../../src/http/auth/password.ts';
import { createLogger } from '../../../../src/observability/logger.ts';
import { createMetrics } from '../../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../../src/pipeline/webhook-deps.ts';
import { usersRepo, type Role } from '../../../../src/store/users-repo.ts';
import { testMessage, verdictFromSubject } from '../../../helpers/verdict-detector.ts';

export const PASSWORD = 'correct horse battery staple';

/**
 * A real embedded service (SQLite, in-process queues, memory provider, the real pipeline) with the admin API
 * mounted, two tenants, and one phishing message delivered, scanned and quarantined in each.
 */
export interface Harness {
  base: string;
  rt: Runtime;
  /** Per tenant: the key of its quarantined phishing message. */
  messageKey: Record<'tA' | 'tB', string>;
  addUser(email: string, memberships: Record<string, Role>): Promise<string>;
  close(): Promise<void>;
}

export async function drained(rt: Runtime, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
    if (counts.every((c) => c.waiting + c.active + c.delayed === 0)) return;
    if (Date.now() > end) throw new Error(`pipeline not drained: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startHarness(options: { loginLimit?: { windowMs: number; limit: number } } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-admin-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5' });
  const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
  const logger = createLogger({ level: 'silent' });
  const rt = await createRuntime(config, { engine, logger, metrics: createMetrics() });
  const messageKey = {} as Record<'tA' | 'tB', string>;
  const webhooks = createWebhookDeps(rt.store, rt.queues);
  await rt.startWorkers();
  for (const t of ['tA', 'tB'] as const) {
    const tenant = `${t}-${dir.slice(-6)}`;
    await rt.store.tenants.upsert({ id: t, name: `Tenant ${t}`, provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await rt.store.mailboxes.upsert({ tenantId: t, provider: 'memory', mailboxId: 'u1', address: `u1@${t.toLowerCase()}.example` });
    sharedMemoryStore.addMailbox(t, 'u1', `u1@${t.toLowerCase()}.example`);
    const id = sharedMemoryStore.deliver(t, 'u1', testMessage('phishing', t === 'tA' ? 1 : 2));
    await webhooks.enqueueNotification({ provider: 'memory', tenantId: t, mailboxId: 'u1', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, `${tenant}:${id}`);
  }
  await drained(rt);
  for (const t of ['tA', 'tB'] as const) {
    const row = await rt.store.db.selectFrom('actions').select('message_key').where('tenant_id', '=', t).where('action', '=', 'quarantine').executeTakeFirstOrThrow();
    messageKey[t] = row.message_key;
  }
  const app = createApp({
    store: rt.store,
    webhooks,
    metrics: rt.metrics,
    logger,
    queuesReady: async () => {},
    refreshQueueMetrics: async () => {},
    devRoutes: false,
    maxIngestBytes: 1 << 20,
    routes: adminRoutes(rt, config, { eventsPollMs: 50, ...(options.loginLimit ? { loginLimit: options.loginLimit } : {}) }),
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const hash = await hashPassword(PASSWORD);
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rt,
    messageKey,
    async addUser(email, memberships) {
      const users = usersRepo(rt.store.db);
      const u = await users.create(email, hash);
      for (const [tenant, role] of Object.entries(memberships)) await users.grant(u.id, tenant, role);
      return u.id;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in browser: keeps the session cookie and sends the CSRF token on unsafe methods. */
export async function signIn(base: string, email: string, password = PASSWORD) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    setCookie: res.headers.get('set-cookie')!,
    csrfToken,
    fetch: (path: string, init: { method?: string; body?: unknown; csrf?: boolean } = {}) =>
      fetch(`${base}/api/v1${path}`, {
        method: init.method ?? 'GET',
        headers: { cookie, 'content-type': 'application/json', ...(init.csrf === false ? {} : { 'x-csrf-token': csrfToken }) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      }),
  };
}
