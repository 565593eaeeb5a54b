/**
 * Scale-out: worker processes on Redis + PostgreSQL share the work. Timing ratios are flaky on a shared 2-core
 * machine, so this counts work per process instead: each worker's own /metrics says how many verdicts it
 * produced; with 2 workers both must carry a real share, the shares must add up to exactly one verdict per
 * message, and then a third worker joining mid-run must take work too (throughput grows with processes only
 * if added processes actually consume).
 */
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

const N = 240;
const MAILBOXES = 12;
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('scale-out: worker processes share the queue', () => {
  const schema = uniqueSchema('mwscale');
  const prefix = `mwscale-${randomUUID().slice(0, 8)}`;
  const vaultKey = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'mw-scale-'));
  const mail = new MemoryMailStore();
  let served: Awaited<ReturnType<typeof serveMemoryStore>>;
  let store: Store;
  let queues: Queues;
  const workers: ChildProcess[] = [];
  const env = {
    ...process.env, NODE_ENV: 'test', DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '4', REDIS_URL,
    QUEUE_PREFIX: prefix, VAULT_KEY: vaultKey, DATA_DIR: dataDir, LOG_LEVEL: 'info', SCAN_CONCURRENCY: '2', NOTIFY_CONCURRENCY: '4',
    RULE_PACKS: 'none', SCHEDULER_INTERVAL_MS: '600000', HOST: '127.0.0.1',
  };

  async function spawnWorker(): Promise<{ child: ChildProcess; port: number }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['bin/mailwarden.js', 'serve', '--role', 'worker'], { env: { ...env, METRICS_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    workers.push(child);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('workers started')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${out.slice(-2000)}`)));
    });
    return { child, port };
  }

  async function verdictsOf(port: number): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return [...text.matchAll(/^mailwarden_verdicts_total\{[^}]*\} (\d+)/gm)].reduce((a, m) => a + Number(m[1]), 0);
  }

  beforeAll(async () => {
    served = await serveMemoryStore(mail);
    store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring: createKeyring('k1', Buffer.from(vaultKey, 'base64')), poolSize: 4 });
    queues = createQueues(loadConfig(env), deadLetterSink(store, createLogger({ level: 'silent' }), createMetrics()));
    await store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: { url: served.url } });
    for (let m = 0; m < MAILBOXES; m++) {
      await store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: `u${m}`, address: `u${m}@acme.example` });
      mail.addMailbox('acme', `u${m}`, `u${m}@acme.example`);
    }
  }, 60_000);

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

  it(`${N} messages over 2 workers, then a 3rd joins: every process takes a share, one verdict per message`, async () => {
    const started = await Promise.all([spawnWorker(), spawnWorker()]);
    const deps = createWebhookDeps(store, queues);
    const announce = async (from: number, to: number) => {
      const batch = [];
      for (let i = from; i < to; i++) {
        const mailbox = `u${i % MAILBOXES}`;
        const id = mail.deliver('acme', mailbox, testMessage(KINDS[i % KINDS.length]!, i));
        batch.push(deps.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: mailbox, trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id));
      }
      await Promise.all(batch);
    };
    const total = async () => Object.values(await store.messages.countVerdicts('acme')).reduce((a, b) => a + b, 0);
    const until = async (n: number) => {
      const end = Date.now() + 150_000;
      while ((await total()) < n) {
        if (Date.now() > end) throw new Error(`stuck at ${await total()} of ${n}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await announce(0, N / 2);
    await until(N / 2);
    const third = await spawnWorker();
    await announce(N / 2, N);
    await until(N);
    const shares = await Promise.all([...started, third].map((w) => verdictsOf(w.port)));
    // Exactly one verdict per message across all processes...
    expect(shares.reduce((a, b) => a + b, 0)).toBe(N);
    expect(await total()).toBe(N);
    // ...and every process did real work: with fair sharing each of the first two would do ~40%, the third ~1/6.
    expect(shares[0]).toBeGreaterThanOrEqual(N * 0.1);
    expect(shares[1]).toBeGreaterThanOrEqual(N * 0.1);
    expect(shares[2]).toBeGreaterThanOrEqual(N * 0.03);
    console.log(`scale: ${N} messages, verdicts per worker process ${JSON.stringify(shares)}`);
  }, 200_000);
});
