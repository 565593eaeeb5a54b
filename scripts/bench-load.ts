/**
 * `npm run bench:load [-- --duration 10 --connections 64 --messages 600]`
 *
 * Load figures on Redis + PostgreSQL (redis://127.0.0.1:6379, postgres://postgres@127.0.0.1:5432/test; override
 * with REDIS_URL / DATABASE_URL; a unique schema and key prefix, removed afterwards):
 *  1. Webhook acknowledgement: the API runs as its own process (`mailwarden serve --role api`); this process
 *     drives POST /webhooks/m365 over loopback with autocannon, every request a genuine Graph change
 *     notification (known subscription, right clientState, a new message id), and reports sustained
 *     notifications/s, p50/p99 ack latency, non-2xx answers and the jobs that reached the queue.
 *  2. End to end: N messages in a memory mail store (served over loopback RPC, as a provider would be), their
 *     notifications enqueued, and 1 then 2 worker processes (`serve --role worker`, the real engine with the
 *     default rule pack) run until every message has its verdict: messages/s for each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { MemoryMailStore, serveMemoryStore } from '../connectors/memory/index.ts';
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { deadLetterSink } from '../src/pipeline/dead-letters.ts';
import { createQueues } from '../src/pipeline/queues.ts';
import { createWebhookDeps } from '../src/pipeline/webhook-deps.ts';
import { createKeyring } from '../src/store/crypto.ts';
import { openStore } from '../src/store/store.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    messages: { type: 'string', default: '600' },
    subscriptions: { type: 'string', default: '200' },
  },
});

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = randomBytes(18).toString('base64url');
const runId = randomUUID().slice(0, 8);
const schema = `mwload_${runId}`;
const vaultKey = randomBytes(32).toString('base64');
const dataDir = mkdtempSync(join(tmpdir(), 'mw-load-'));
const children: ChildProcess[] = [];

const baseEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL,
  DATABASE_SCHEMA: schema,
  DATABASE_POOL_SIZE: '8',
  REDIS_URL,
  VAULT_KEY: vaultKey,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  SCAN_CONCURRENCY: '4',
  NOTIFY_CONCURRENCY: '8',
  SCHEDULER_INTERVAL_MS: '600000',
  HOST: '127.0.0.1',
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function spawnRole(role: 'api' | 'worker', env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ['bin/mailwarden.js', 'serve', '--role', role], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${role}] ${d}`));
  children.push(child);
  return child;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function message(i: number): Uint8Array {
  const kinds = [
    ['Invoice overdue, verify your account now', '<p>Your mailbox will be suspended. <a href="https://login-micros0ft.example/verify">Verify now</a></p>'],
    ['Lunch on Friday', '<p>Shall we meet at noon? The usual place.</p>'],
    ['Quarterly report attached', '<p>Hello, please see <a href="https://partner.example/doc/q3">the report</a>.</p>'],
    ['Your parcel is waiting', '<p>Pay the customs fee of 1.99 EUR <a href="http://parcel-fee.example/pay">here</a>.</p>'],
  ] as const;
  const [subject, html] = kinds[i % kinds.length]!;
  return new TextEncoder().encode(
    `From: Sender ${i} <s${i % 97}@partner${i % 13}.example>\r\nTo: user@corp.example\r\nSubject: ${subject} #${i}\r\n` +
      `Message-ID: <load${i}.${runId}@partner.example>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`,
  );
}

async function main(): Promise<void> {
  const duration = Number(args.duration);
  const connections = Number(args.connections);
  const N = Number(args.messages);
  const SUBS = Number(args.subscriptions);
  const store = await openStore({ databaseUrl: DATABASE_URL, schema, keyring: createKeyring('k1', Buffer.from(vaultKey, 'base64')), poolSize: 4 });
  const mail = new MemoryMailStore();
  const served = await serveMemoryStore(mail);
  const logger = createLogger({ level: 'silent' });
  const opened: { destroy(): Promise<void>; close(ms: number): Promise<void> }[] = [];
  const queuesFor = (prefix: string) => {
    const q = createQueues(loadConfig({ ...baseEnv, QUEUE_PREFIX: prefix }), deadLetterSink(store, logger, createMetrics()));
    opened.push(q);
    return q;
  };
  try {
    // ---- 1. webhook acknowledgement ----
    const ackPrefix = `mwload-ack-${runId}`;
    await store.tenants.upsert({ id: 'graph', name: 'Graph load', provider: 'm365', settings: {} });
    const expiresAt = new Date(Date.now() + 3 * 3600_000);
    for (let s = 0; s < SUBS; s++) {
      await store.mailboxes.upsert({ tenantId: 'graph', provider: 'm365', mailboxId: `m${s}`, address: `m${s}@graph.example` });
      await store.subscriptions.save('m365', 'graph', `m${s}`, { id: `sub-${s}`, expiresAt, secret: SECRET });
    }
    const port = await freePort();
    const api = spawnRole('api', { ...baseEnv, QUEUE_PREFIX: ackPrefix, PORT: String(port) });
    await until('the API', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 60_000);
    let n = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration,
      requests: [{
        method: 'POST',
        path: '/webhooks/m365',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const i = n++;
          return { ...req, body: JSON.stringify({ value: [{ subscriptionId: `sub-${i % SUBS}`, clientState: SECRET, changeType: 'created', resource: `Users/m${i % SUBS}/Messages/id${i}`, resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: `AAk-${runId}-${i}` } }] }) };
        },
      }],
    });
    const ackQueues = queuesFor(ackPrefix);
    const queued = (await ackQueues.notifications.counts()).waiting;
    api.kill('SIGTERM');
    console.log(`webhook ack (API process, Redis + PostgreSQL, ${connections} connections, ${duration} s, 1 notification per POST):`);
    console.log(`  sustained ${result.requests.average.toFixed(0)} notifications/s   ack latency p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms`);
    console.log(`  requests ${result.requests.total}   2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}   jobs queued ${queued}`);
    await ackQueues.destroy();

    // ---- 2. end to end with 1 and 2 worker processes ----
    for (const workers of [1, 2]) {
      const prefix = `mwload-e2e${workers}-${runId}`;
      const tenant = `e2e${workers}`;
      await store.tenants.upsert({ id: tenant, name: `E2E ${workers}`, provider: 'memory', settings: { url: served.url }, policy: { mode: 'enforce' } });
      const MAILBOXES = 20;
      for (let m = 0; m < MAILBOXES; m++) {
        await store.mailboxes.upsert({ tenantId: tenant, provider: 'memory', mailboxId: `u${m}`, address: `u${m}@${tenant}.example` });
        mail.addMailbox(tenant, `u${m}`, `u${m}@${tenant}.example`);
      }
      const sent = Array.from({ length: N }, (_, i) => ({ mailbox: `u${i % MAILBOXES}`, id: mail.deliver(tenant, `u${i % MAILBOXES}`, message(i)) }));
      const procs = Array.from({ length: workers }, () => spawnRole('worker', { ...baseEnv, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' }));
      // Wait until every worker has loaded the engine and started consuming.
      await Promise.all(procs.map((p) => new Promise<void>((resolve, reject) => {
        let out = '';
        p.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('workers started')) resolve();
        });
        p.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
      })));
      const queues = queuesFor(prefix);
      const deps = createWebhookDeps(store, queues);
      const started = performance.now();
      for (let i = 0; i < N; i += 100) {
        await Promise.all(sent.slice(i, i + 100).map(({ mailbox, id }) => deps.enqueueNotification({ provider: 'memory', tenantId: tenant, mailboxId: mailbox, trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id)));
      }
      const verdicts = async () => Object.values(await store.messages.countVerdicts(tenant)).reduce((a, b) => a + b, 0);
      await until(`${N} verdicts`, async () => (await verdicts()) >= N, 600_000);
      const seconds = (performance.now() - started) / 1000;
      const perVerdict = await store.messages.countVerdicts(tenant);
      console.log(`end to end, ${workers} worker process${workers > 1 ? 'es' : ''} (SCAN_CONCURRENCY 4 each, default rule pack): ${N} messages in ${seconds.toFixed(2)} s = ${(N / seconds).toFixed(1)} messages/s   verdicts ${JSON.stringify(perVerdict)}`);
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => (p.exitCode !== null ? null : new Promise((r) => p.once('exit', r)))));
      await queues.destroy();
    }
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const q of opened) await q.close(100).catch(() => {});
    await store.close();
    await served.close();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`mwload-*${runId}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
