/**
 * A multi-process deployment for tests: `mailwarden serve --role worker` child processes on real Redis and a
 * private PostgreSQL schema, a memory mail store served over loopback RPC as the provider, and a queue handle in
 * the test process to announce messages the way the webhook endpoints do. Everything it makes, it removes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MemoryMailStore, serveMemoryStore, type ServedProviderLoad } from '../../connectors/memory/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { deadLetterSink } from '../../src/pipeline/dead-letters.ts';
import { ids } from '../../src/pipeline/jobs.ts';
import { createQueues, type Queues } from '../../src/pipeline/queues.ts';
import type { WebhookDeps } from '../../src/pipeline/ports.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import { createKeyring } from '../../src/store/crypto.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { freePort } from './free-port.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from './pg-schema.ts';
import { KINDS, testMessage } from './verdict-detector.ts';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export interface WorkerClusterOptions {
  /** Prefix of the schema, queue keys and temp folder, so a leftover names the test that made it. */
  name: string;
  mailboxes: number;
  /** Settings of the `acme` tenant besides the provider URL. */
  tenantSettings?: Record<string, unknown>;
  /** Environment of every worker (over the defaults below). */
  env?: Record<string, string>;
  /** Policy mode of the `acme` tenant (the default policy's otherwise). */
  mode?: 'monitor' | 'enforce';
}

export interface SpawnedWorker {
  child: ChildProcess;
  /** Its /metrics port, when asked for. */
  metricsPort?: number;
}

export interface WorkerCluster {
  mail: MemoryMailStore;
  /** The served provider's latency control and concurrency counts. */
  provider: ServedProviderLoad;
  store: Store;
  queues: Queues;
  deps: WebhookDeps;
  vaultKey: string;
  /** stdout and stderr of every worker, in arrival order. */
  logs: string[];
  /** Starts a worker; with `metrics`, it serves /metrics and this resolves once its workers run. */
  spawnWorker(options?: { metrics?: boolean }): Promise<SpawnedWorker>;
  /** Delivers the i-th test message (kinds rotate) to mailbox u(i mod mailboxes); returns mailbox and id. */
  deliver(i: number): { mailbox: string; id: string };
  /** The notification a provider would push for a delivered message. */
  announce(mailbox: string, id: string): Promise<unknown>;
  /** Verdicts recorded for the tenant, all kinds together. */
  verdicts(): Promise<number>;
  /** The store's key of a delivered message. */
  messageKey(mailbox: string, id: string): string;
  close(): Promise<void>;
}

export async function startWorkerCluster(options: WorkerClusterOptions): Promise<WorkerCluster> {
  const schema = uniqueSchema(options.name);
  const prefix = `${options.name}-${randomUUID().slice(0, 8)}`;
  const vaultKey = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test', DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '4', REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix, VAULT_KEY: vaultKey, DATA_DIR: dataDir, LOG_LEVEL: 'info', HOST: '127.0.0.1',
    // Built-in detectors only: these tests are about queues and processes; MQL rules would only add CPU time.
    RULE_PACKS: 'none', SCHEDULER_INTERVAL_MS: '600000',
    ...options.env,
  };
  const mail = new MemoryMailStore();
  const served = await serveMemoryStore(mail);
  const store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring: createKeyring('k1', Buffer.from(vaultKey, 'base64')), poolSize: 4 });
  const queues = createQueues(loadConfig(env), deadLetterSink(store, createLogger({ level: 'silent' }), createMetrics()));
  await store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: { url: served.url, ...options.tenantSettings }, ...(options.mode ? { policy: { mode: options.mode } } : {}) });
  for (let m = 0; m < options.mailboxes; m++) {
    await store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: `u${m}`, address: `u${m}@acme.example` });
    mail.addMailbox('acme', `u${m}`, `u${m}@acme.example`);
  }
  const deps = createWebhookDeps(store, queues);
  const workers: ChildProcess[] = [];
  const logs: string[] = [];

  return {
    mail, provider: served.load, store, queues, deps, vaultKey, logs,
    async spawnWorker(spawnOptions = {}) {
      const metricsPort = spawnOptions.metrics ? await freePort() : undefined;
      const childEnv = metricsPort ? { ...env, METRICS_PORT: String(metricsPort) } : env;
      const child = spawn(process.execPath, ['bin/mailwarden.js', 'serve', '--role', 'worker'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      workers.push(child);
      let out = '';
      const started = new Promise<void>((resolve, reject) => {
        const onData = (d: Buffer) => {
          logs.push(d.toString());
          out += d.toString();
          if (out.includes('workers started')) resolve();
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${out.slice(-2000)}`)));
      });
      // Without metrics the caller does not wait for the start (a worker killed early is part of some tests).
      if (metricsPort) await started;
      else started.catch(() => {});
      return { child, metricsPort };
    },
    deliver(i) {
      const mailbox = `u${i % options.mailboxes}`;
      return { mailbox, id: mail.deliver('acme', mailbox, testMessage(KINDS[i % KINDS.length]!, i)) };
    },
    announce(mailbox, id) {
      const job = { provider: 'memory' as const, tenantId: 'acme', mailboxId: mailbox, trigger: { kind: 'notification' as const, messageIds: [id] }, receivedAt: new Date().toISOString() };
      return deps.enqueueNotification(job, id);
    },
    async verdicts() {
      return Object.values(await store.messages.countVerdicts('acme')).reduce((a, b) => a + b, 0);
    },
    messageKey: (mailbox, id) => ids.message('memory', 'acme', mailbox, id),
    async close() {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      await queues.destroy().catch(() => {});
      await queues.close(100);
      await store.close();
      await served.close();
      await dropSchema(schema);
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sum of `mailwarden_verdicts_total` on a worker's /metrics. */
export async function verdictsOnMetrics(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^mailwarden_verdicts_total\{[^}]*\} (\d+)/gm)].reduce((a, m) => a + Number(m[1]), 0);
}
