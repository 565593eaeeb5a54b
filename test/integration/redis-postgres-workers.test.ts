import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMailStore, serveMemoryStore } from '../../connectors/memory/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { deadLetterSink } from '../../src/pipeline/dead-letters.ts';
import { createQueues, type Queues } from '../../src/pipeline/queues.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import { createKeyring } from '../../src/store/crypto.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';
import { KINDS, testMessage } from '../helpers/verdict-detector.ts';
import { freePort } from '../helpers/free-port.ts';

const N = 1000;
const MAILBOXES = 10;
const SCAN_CONCURRENCY = 4;
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('Redis + PostgreSQL, two worker processes, one SIGKILLed mid-run', () => {
  const schema = uniqueSchema('mwmp');
  const prefix = `mwtest-${randomUUID().slice(0, 8)}`;
  const vaultKey = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'mw-mp-'));
  const mail = new MemoryMailStore();
  let served: Awaited<ReturnType<typeof serveMemoryStore>>;
  let store: Store;
  let queues: Queues;
  const workers: ChildProcess[] = [];
  const logs: string[] = [];

  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: TEST_PG_URL,
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    VAULT_KEY: vaultKey,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    QUEUE_LOCK_MS: '2000',
    JOB_BACKOFF_MS: '100',
    SCAN_CONCURRENCY: String(SCAN_CONCURRENCY),
    NOTIFY_CONCURRENCY: '8',
    // Built-in detectors only: this test is about queues and processes, and MQL rules would only add CPU time.
    RULE_PACKS: 'none',
    SCHEDULER_INTERVAL_MS: '600000',
  };

  const spawnWorker = (metricsPort?: number): ChildProcess => {
    const childEnv = metricsPort ? { ...env, METRICS_PORT: String(metricsPort), HOST: '127.0.0.1' } : env;
    const child = spawn(process.execPath, ['bin/mailwarden.js', 'serve', '--role', 'worker'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    served = await serveMemoryStore(mail);
    const config = loadConfig(env);
    store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring: createKeyring('k1', Buffer.from(vaultKey, 'base64')), poolSize: 4 });
    const logger = createLogger({ level: 'silent' });
    queues = createQueues(config, deadLetterSink(store, logger, createMetrics()));
    // A secret in the tenant's settings: it must never appear in any worker's log.
    await store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: { url: served.url, clientSecret: 'never-log-this-5ecret' } });
    for (let m = 0; m < MAILBOXES; m++) {
      await store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: `u${m}`, address: `u${m}@acme.example` });
      mail.addMailbox('acme', `u${m}`, `u${m}@acme.example`);
    }
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await queues?.destroy().catch(() => {});
    await queues?.close(100);
    await store?.close();
    await served?.close();
    await dropSchema(schema);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${N} messages: every one ends with exactly one verdict, none scanned twice except what the killed worker held`, async () => {
    const victim = spawnWorker();
    const metricsPort = await freePort();
    const survivor = spawnWorker(metricsPort);
    const deps = createWebhookDeps(store, queues);
    const sent: { mailbox: string; id: string }[] = [];
    for (let i = 0; i < N; i++) {
      const mailbox = `u${i % MAILBOXES}`;
      sent.push({ mailbox, id: mail.deliver('acme', mailbox, testMessage(KINDS[i % KINDS.length]!, i)) });
    }
    // Announce each message twice (providers redeliver), 50 webhook calls at a time.
    for (let i = 0; i < N; i += 50) {
      await Promise.all(
        sent.slice(i, i + 50).flatMap(({ mailbox, id }) => {
          const job = { provider: 'memory' as const, tenantId: 'acme', mailboxId: mailbox, trigger: { kind: 'notification' as const, messageIds: [id] }, receivedAt: new Date().toISOString() };
          return [deps.enqueueNotification(job, id), deps.enqueueNotification(job, id)];
        }),
      );
    }

    const verdicts = async () => Object.values(await store.messages.countVerdicts('acme')).reduce((a, b) => a + b, 0);
    const deadline = Date.now() + 160_000; // generous: CI machines are small and shared
    while ((await verdicts()) < N * 0.5) {
      if (Date.now() > deadline) throw new Error(`no progress: ${await verdicts()} verdicts\n${logs.join('').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    victim.kill('SIGKILL');
    const atKill = await verdicts();
    let lastLog = 0;
    while ((await verdicts()) < N) {
      if (process.env.MW_DEBUG && Date.now() - lastLog > 3000) {
        lastLog = Date.now();
        console.log('DEBUG', await verdicts(), JSON.stringify(await queues.notifications.counts()), JSON.stringify(await queues.scan.counts()));
      }
      if (Date.now() > deadline) throw new Error(`stuck at ${await verdicts()} verdicts\n${logs.join('').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(atKill).toBeLessThan(N);
    expect(survivor.exitCode).toBeNull();
    expect(await verdicts()).toBe(N);
    expect(await store.messages.countByStatus('acme')).toEqual({ scanned: N });

    // The tenant is in monitor mode, so every fetch is a scan fetch. Only jobs the victim had in flight when it
    // died can have been fetched twice; a verdict is never recorded twice (first writer wins).
    const fetchedTwice = sent.filter((s) => mail.count('fetchRaw', s.id) > 1).length;
    expect(sent.every((s) => mail.count('fetchRaw', s.id) >= 1)).toBe(true);
    expect(fetchedTwice).toBeLessThanOrEqual(SCAN_CONCURRENCY);
    expect(mail.count('fetchRaw')).toBeLessThanOrEqual(N + SCAN_CONCURRENCY);
    expect((await queues.notifications.counts()).completed).toBe(N);
    expect(await store.deadLetters.list()).toEqual([]);

    // A worker process serves no API, but its own /metrics when METRICS_PORT is set.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/mailwarden_verdicts_total\{verdict="[a-z]+"\} \d+/);
    expect(metrics).toContain('mailwarden_queue_depth{queue="scan",state="waiting"} 0');
    survivor.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => survivor.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    const log = logs.join('');
    expect(log).toContain('workers started');
    expect(log).not.toContain('never-log-this-5ecret');
    expect(log).not.toContain(vaultKey);
  }, 200_000);
});
