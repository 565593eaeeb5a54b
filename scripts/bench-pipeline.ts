/**
 * `npm run bench:pipeline [-- --redis --postgres --messages 2000 --corpus <dir-of-eml>]`
 *
 * Pushes messages through the whole pipeline (notification → fetch → scan → decide → remediate) in one process
 * and prints messages/s and per-stage latency. Default: embedded (SQLite in a temp dir, in-process queues).
 * --redis uses bull on redis://127.0.0.1:6379 (unique key prefix, removed afterwards); --postgres uses
 * postgres://postgres@127.0.0.1:5432/test in a unique schema (dropped afterwards). Override with REDIS_URL /
 * DATABASE_URL. Messages are synthetic unless --corpus names a folder of .eml files (read in place).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sharedMemoryStore } from '../connectors/memory/index.ts';
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { createRuntime } from '../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../src/pipeline/webhook-deps.ts';

const { values: args } = parseArgs({
  options: {
    redis: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    messages: { type: 'string', default: '2000' },
    mailboxes: { type: 'string', default: '20' },
    corpus: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});

const N = Number(args.messages);
const MAILBOXES = Number(args.mailboxes);

function synthetic(i: number): Uint8Array {
  const kinds = ['Invoice overdue, verify your account now', 'Lunch on Friday', 'Quarterly report attached', 'Your parcel is waiting'];
  return new TextEncoder().encode(
    `From: Sender ${i} <s${i % 97}@partner${i % 13}.example>\r\nTo: user@corp.example\r\nSubject: ${kinds[i % kinds.length]} #${i}\r\n` +
      `Message-ID: <b${i}@partner.example>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n` +
      `<p>Hello, please see <a href="https://partner${i % 13}.example/doc/${i}">the document</a>.</p>\r\n`,
  );
}

function corpus(dir: string): Uint8Array[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

function histogramSummary(metric: { values: { labels: Record<string, string | number>; value: number; metricName?: string }[] }, stage: string) {
  const rows = metric.values.filter((v) => v.labels.stage === stage);
  const sum = rows.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  const count = rows.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const buckets = rows.filter((v) => v.metricName?.endsWith('_bucket')).map((v) => ({ le: Number(v.labels.le), n: v.value }));
  const pct = (p: number) => buckets.find((b) => b.n >= count * p)?.le ?? Infinity;
  return { count, meanMs: count ? (1000 * sum) / count : 0, p50Ms: 1000 * pct(0.5), p95Ms: 1000 * pct(0.95) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-bench-'));
  const schema = `mwbench_${randomBytes(4).toString('hex')}`;
  const prefix = `mwbench-${randomUUID().slice(0, 8)}`;
  const env: Record<string, string> = {
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    VAULT_KEY: randomBytes(32).toString('base64'),
    SCAN_CONCURRENCY: args.concurrency!,
    NOTIFY_CONCURRENCY: args.concurrency!,
    REMEDIATE_CONCURRENCY: '4',
    MAILBOX_PROVIDER_CONCURRENCY: '8',
  };
  if (args.redis) Object.assign(env, { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix });
  if (args.postgres) Object.assign(env, { DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', DATABASE_SCHEMA: schema });
  const config = loadConfig(env);
  const rt = await createRuntime(config, { logger: createLogger({ level: 'warn' }), metrics: createMetrics() });
  const raws = args.corpus ? corpus(args.corpus) : [];
  try {
    await rt.store.tenants.upsert({ id: 'bench', name: 'Bench', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    for (let m = 0; m < MAILBOXES; m++) {
      await rt.store.mailboxes.upsert({ tenantId: 'bench', provider: 'memory', mailboxId: `b${m}`, address: `b${m}@bench.example` });
      sharedMemoryStore.addMailbox('bench', `b${m}`, `b${m}@bench.example`);
    }
    const ids = Array.from({ length: N }, (_, i) => ({ mailbox: `b${i % MAILBOXES}`, id: sharedMemoryStore.deliver('bench', `b${i % MAILBOXES}`, raws.length ? raws[i % raws.length]! : synthetic(i)) }));
    await rt.startWorkers();
    const deps = createWebhookDeps(rt.store, rt.queues);
    const started = performance.now();
    for (let i = 0; i < N; i += 100) {
      await Promise.all(
        ids.slice(i, i + 100).map(({ mailbox, id }) =>
          deps.enqueueNotification({ provider: 'memory', tenantId: 'bench', mailboxId: mailbox, trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id),
        ),
      );
    }
    const enqueued = performance.now() - started;
    for (;;) {
      const c = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
      const scanned = await rt.store.messages.countByStatus('bench');
      const done = Object.values(scanned).reduce((a, b) => a + b, 0) - (scanned.queued ?? 0);
      if (done >= N && c.every((x) => x.waiting + x.active + x.delayed === 0)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const elapsed = performance.now() - started;
    const verdicts = await rt.store.messages.countVerdicts('bench');
    const actions = await rt.store.actions.countBy('bench');
    const stages = (await rt.metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'mailwarden_stage_seconds') as unknown as Parameters<typeof histogramSummary>[0];
    const label = `${config.DATABASE_URL ? 'postgres' : 'sqlite'} + ${config.REDIS_URL ? 'redis/bull' : 'in-process queues'}`;
    console.log(`pipeline bench: ${label}, ${N} messages (${raws.length ? `corpus ${args.corpus}` : 'synthetic'}), ${MAILBOXES} mailboxes, concurrency ${args.concurrency}`);
    console.log(`  enqueue: ${(enqueued / 1000).toFixed(2)} s   end to end: ${(elapsed / 1000).toFixed(2)} s   throughput: ${((N * 1000) / elapsed).toFixed(1)} messages/s`);
    for (const stage of ['notify', 'fetch', 'scan', 'remediate']) {
      const s = histogramSummary(stages, stage);
      console.log(`  ${stage.padEnd(9)} n=${String(s.count).padStart(6)}  mean ${s.meanMs.toFixed(1).padStart(7)} ms  p50 <= ${String(s.p50Ms).padStart(6)} ms  p95 <= ${String(s.p95Ms).padStart(6)} ms`);
    }
    console.log(`  verdicts: ${JSON.stringify(verdicts)}  actions: ${JSON.stringify(actions)}`);
  } finally {
    await rt.queues.destroy().catch(() => {});
    await rt.close();
    if (args.postgres) {
      const client = new pg.Client({ connectionString: config.DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
