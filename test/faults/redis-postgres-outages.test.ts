/**
 * Fault suite, infrastructure half: the real pipeline (bull on Redis, PostgreSQL store, the test engine, the
 * memory provider over loopback RPC) while a PRIVATE redis-server (own port, AOF like a managed Redis) is
 * restarted mid-run and every PostgreSQL connection of this run is terminated twice (pg_terminate_backend).
 * Invariant afterwards: every delivered message has exactly one verdict, at most one executed action, and each
 * quarantined message is in the vault. Prints a summary line (runs, faults injected, messages, losses).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMailStore, serveMemoryStore } from '../../connectors/memory/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createScanEngine } from '../../src/engine/scan-message.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import { ids } from '../../src/pipeline/jobs.ts';
import { checkDeliveryInvariant, expectDeliveryInvariant, faultsSummary } from '../helpers/delivery-invariant.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';
import { KINDS, testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';
import { freePort } from '../helpers/free-port.ts';

const N = 160;
const MAILBOXES = 8;

describe('faults: Redis restarted and PostgreSQL connections killed mid-run', () => {
  const schema = uniqueSchema('mwfault');
  const appName = `mwfault_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'mw-fault-'));
  const mail = new MemoryMailStore();
  let served: Awaited<ReturnType<typeof serveMemoryStore>>;
  let redisPort = 0;
  let redis: ChildProcess | null = null;
  let rt: Runtime;

  async function startRedis(): Promise<void> {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${redisPort}`).then(() => true, (e: { cause?: { code?: string } }) => e.cause?.code !== 'ECONNREFUSED');
      if (ok) return;
      if (Date.now() > end) throw new Error('private redis did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stopRedis(): Promise<void> {
    const child = redis!;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM'); // redis-server shuts down cleanly on SIGTERM, flushing the AOF
    await exited;
  }

  async function killPgConnections(): Promise<number> {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      const r = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1', [appName]);
      return r.rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    redisPort = await freePort();
    await startRedis();
    served = await serveMemoryStore(mail);
    const config = loadConfig({
      NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', VAULT_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: `${TEST_PG_URL}?application_name=${appName}`, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '4',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`, QUEUE_PREFIX: 'mwfault', SCAN_CONCURRENCY: '4', NOTIFY_CONCURRENCY: '4',
      JOB_BACKOFF_MS: '50', JOB_BACKOFF_MAX_MS: '500', JOB_ATTEMPTS: '30', QUEUE_LOCK_MS: '2000',
    });
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: { url: served.url }, policy: { mode: 'enforce' } });
    for (let m = 0; m < MAILBOXES; m++) {
      await rt.store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: `u${m}`, address: `u${m}@acme.example` });
      mail.addMailbox('acme', `u${m}`, `u${m}@acme.example`);
    }
    await rt.startWorkers();
  }, 60_000);

  afterAll(async () => {
    await rt?.queues.destroy().catch(() => {});
    await rt?.close().catch(() => {});
    if (redis && redis.exitCode === null) redis.kill('SIGKILL');
    await served?.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('every delivered message: one verdict, at most one executed action, quarantined ones in the vault', async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const sent: string[] = [];
    const keys: string[] = [];
    let faults = 0;
    // A provider redelivers until acknowledged: enqueue retries through the outage like Graph/Pub/Sub would.
    const announce = async (i: number) => {
      const mailbox = `u${i % MAILBOXES}`;
      const id = mail.deliver('acme', mailbox, testMessage(KINDS[i % KINDS.length]!, i));
      sent.push(id);
      keys.push(ids.message('memory', 'acme', mailbox, id));
      const job = { provider: 'memory' as const, tenantId: 'acme', mailboxId: mailbox, trigger: { kind: 'notification' as const, messageIds: [id] }, receivedAt: new Date().toISOString() };
      for (let attempt = 0; ; attempt++) {
        try {
          await deps.enqueueNotification(job, id);
          return;
        } catch (err) {
          if (attempt > 200) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const total = async () => Object.values(await rt.store.messages.countVerdicts('acme')).reduce((a, b) => a + b, 0);
    const waitFor = async (n: number) => {
      const end = Date.now() + 120_000;
      for (;;) {
        const t = await total().catch(() => -1);
        if (t >= n) return;
        if (Date.now() > end) throw new Error(`stuck at ${t} of ${n} verdicts`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    for (let i = 0; i < N / 2; i++) await announce(i);
    await waitFor(N / 4);
    // Fault 1: PostgreSQL connections die under the workers.
    expect(await killPgConnections()).toBeGreaterThan(0);
    faults++;
    // Fault 2: Redis restarts (clean shutdown, AOF kept, as a managed failover would) while notifications arrive.
    await stopRedis();
    faults++;
    const during = Promise.all(Array.from({ length: 20 }, (_, k) => announce(N / 2 + k)));
    await new Promise((r) => setTimeout(r, 500));
    await startRedis();
    await during;
    for (let i = N / 2 + 20; i < N; i++) await announce(i);
    // Fault 3: PostgreSQL connections die again, mid-stream.
    await new Promise((r) => setTimeout(r, 200));
    await killPgConnections();
    faults++;
    await waitFor(N);
    await new Promise((r) => setTimeout(r, 500)); // remediation jobs behind the last verdicts

    const db = rt.store.db;
    const messages = await db.selectFrom('messages').select(['key', 'message_id', 'status']).where('tenant_id', '=', 'acme').execute();
    const seen = new Set(messages.map((m) => m.message_id));
    expect(sent.filter((id) => !seen.has(id))).toEqual([]);
    expect(messages.length).toBe(N);
    expect(messages.every((m) => m.status === 'scanned')).toBe(true);
    const r = await checkDeliveryInvariant(db, keys);
    expectDeliveryInvariant(r);
    expect(r.destructive).toBeGreaterThan(0);
    console.log(faultsSummary('Redis + PostgreSQL', { 'PostgreSQL connection kills': faults - 1, 'Redis restart': 1 }, r));
  }, 200_000);
});
