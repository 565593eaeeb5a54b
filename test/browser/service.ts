import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import type { Direction } from '../../src/core/provider.ts';
import { hashPassword } from '../../src/http/auth/password.ts';
import { startService } from '../../src/cli/serve-run.ts';
import type { RunningServer } from '../../src/http/server.ts';
import type { Runtime } from '../../src/pipeline/runtime.ts';
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
  /** POST /dev/ingest: deliver a raw message into a dev mailbox (`outbound`: as mail it sent); resolves with its message key. */
  deliver(raw: Uint8Array, address?: string, direction?: Direction): Promise<string>;
  /**
   * Resolves once every message of `keys` has a verdict (or a recorded error) and the notification, scan,
   * remediate and alert queues are idle, so what a page shows next is final. Throws after `timeoutMs`.
   */
  settled(keys: string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the service exactly as `mailwarden serve` does (startService, role `all`: admin API at /api/v1, dashboard
 * at /, workers, scheduler) on an ephemeral port. The dev tenant is created in enforce mode so a phishing verdict is quarantined.
 */
export async function startDashboardService(env: Record<string, string> = {}): Promise<DashboardService> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-dash-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DEV_INGEST: 'true', JOB_BACKOFF_MS: '5', ...env });
  const service = await startService(config, 'all');
  const { runtime } = service;
  const http = service.http!;
  const { store } = runtime;
  await store.tenants.upsert({ id: DEV_TENANT, name: 'Development', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
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
    async deliver(raw, address = 'alex@dev.local', direction = 'inbound') {
      const res = await fetch(`${baseUrl}/dev/ingest?address=${encodeURIComponent(address)}&direction=${direction}`, { method: 'POST', body: raw, headers: { 'Content-Type': 'message/rfc822' } });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      return ((await res.json()) as { messageKey: string }).messageKey;
    },
    async settled(keys, timeoutMs = 120_000) {
      const end = Date.now() + timeoutMs;
      const wait = async (what: string, done: () => Promise<boolean>) => {
        while (!(await done())) {
          if (Date.now() > end) throw new Error(`not settled after ${timeoutMs} ms: ${what}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      for (const key of keys) await wait(key, async () => Boolean((await store.messages.verdict(key)) ?? (await store.messages.get(key))?.last_error));
      const { notifications, scan, remediate, alerts } = runtime.queues;
      await wait('queues', async () => (await Promise.all([notifications, scan, remediate, alerts].map((q) => q.counts()))).every((c) => c.waiting + c.active + c.delayed === 0));
    },
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
