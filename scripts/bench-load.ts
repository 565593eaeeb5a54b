/**
 * `npm run bench:load [-- --duration 10 --connections 8,32,64 --messages 600 --workers 1,2]`
 * `npm run bench:load -- --provider-latency-ms 100 --workers 1,2,3,3,2,1 [--scan-concurrency 4 --messages 400]`
 *
 * Load figures on Redis + PostgreSQL (redis://127.0.0.1:6379, postgres://postgres@127.0.0.1:5432/test; override
 * with REDIS_URL / DATABASE_URL; a unique schema and key prefix, removed afterwards). Every role is its own
 * process, as in production (docs/deployment.md); this process is the load generator (autocannon) and observer.
 *  1. Webhook acknowledgement: `mailwarden serve --role api`, driven over loopback with genuine Graph change
 *     notifications (known subscription, right clientState, a new message id each) at each connection count:
 *     notifications/s, p50/p99 ack latency, errors, jobs that reached the queue, and the API's CPU time per
 *     ack (from /proc: the figure a busy neighbour distorts least).
 *  2. End to end: N messages in a memory mail store (served over loopback RPC, as a provider would be), their
 *     notifications enqueued, and 1 then 2 worker processes (`serve --role worker`, the real engine with the
 *     default rule pack) run until every message has its verdict: messages/s and worker CPU per message. Meanwhile
 *     the API process keeps acknowledging at 8 connections: ack latency while the workers scan.
 * With `--provider-latency-ms`, the served store answers every provider call after that round trip (the work is
 * done at once, the answer waits), the webhook part and the acks during the scan are skipped, and each run
 * prints the most fetches the provider answered at once (scans, and the vault copies before a quarantine, which
 * the remediation queue makes with its own concurrency): the regime where a worker waits on the provider, so
 * more worker processes mean more calls in flight (SCAN_CONCURRENCY caps each process; `--scan-concurrency`).
 * Prints the machine and the load average before and after; the last block is the summary for the README.
 * `BENCH_API_PROF=<dir>` writes a V8 CPU profile of the API process there (`--cpu-prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
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
    connections: { type: 'string', default: '8,32,64' },
    messages: { type: 'string', default: '600' },
    subscriptions: { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2' },
    'provider-latency-ms': { type: 'string', default: '0' },
    'scan-concurrency': { type: 'string', default: '4' },
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
  SCAN_CONCURRENCY: args['scan-concurrency'],
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

/** CPU time (user + system) a process has used so far, from /proc (Linux): wall time lies on a shared machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

function spawnRole(role: 'api' | 'worker', env: Record<string, string | undefined>, nodeFlags: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, 'bin/mailwarden.js', 'serve', '--role', role], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Genuine Graph change notifications, one per POST, a new message id each, round robin over the subscriptions. */
function graphLoad(port: number, connections: number, duration: number, subs: number, counter: { n: number }) {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests: [{
      method: 'POST',
      path: '/webhooks/m365',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const i = counter.n++;
        return { ...req, body: JSON.stringify({ value: [{ subscriptionId: `sub-${i % subs}`, clientState: SECRET, changeType: 'created', resource: `Users/m${i % subs}/Messages/id${i}`, resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: `AAk-${runId}-${i}` } }] }) };
      },
    }],
  });
}

type AckRun = { connections: number; rate: number; p50: number; p99: number; max: number; ok: number; bad: number; cpuPerAck: number };

async function measureAcks(api: ChildProcess, port: number, connections: number, duration: number, subs: number, counter: { n: number }): Promise<AckRun> {
  const before = cpuMs(api.pid!);
  const r = await graphLoad(port, connections, duration, subs, counter);
  const cpu = cpuMs(api.pid!) - before;
  return { connections, rate: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, ok: r['2xx'], bad: r.non2xx + r.errors + r.timeouts, cpuPerAck: cpu / Math.max(1, r['2xx']) };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const ackLine = (a: AckRun) =>
  `${String(a.connections).padStart(3)} connections: ${a.rate.toFixed(0).padStart(5)} notifications/s   p50 ${a.p50} ms   p99 ${a.p99} ms   max ${a.max} ms   2xx ${a.ok}   errors ${a.bad}   API CPU ${a.cpuPerAck.toFixed(2)} ms/ack`;

async function main(): Promise<void> {
  const duration = Number(args.duration);
  const levels = args.connections.split(',').map(Number).filter((c) => c > 0);
  const N = Number(args.messages);
  const SUBS = Number(args.subscriptions);
  const workerCounts = args.workers.split(',').map(Number).filter((w) => w > 0);
  const latencyMs = Number(args['provider-latency-ms']);
  // Provider-bound mode measures the workers alone: no autocannon competing with them for the CPU.
  const acksToo = latencyMs === 0;
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model.trim()}, node ${process.version}; load average at start ${load()}`);
  const store = await openStore({ databaseUrl: DATABASE_URL, schema, keyring: createKeyring('k1', Buffer.from(vaultKey, 'base64')), poolSize: 4 });
  const mail = new MemoryMailStore();
  const served = await serveMemoryStore(mail, { latencyMs });
  const logger = createLogger({ level: 'silent' });
  const opened: { destroy(): Promise<void>; close(ms: number): Promise<void> }[] = [];
  const queuesFor = (prefix: string) => {
    const q = createQueues(loadConfig({ ...baseEnv, QUEUE_PREFIX: prefix }), deadLetterSink(store, logger, createMetrics()));
    opened.push(q);
    return q;
  };
  const acks: AckRun[] = [];
  const e2e: { workers: number; rate: number; cpuPerMessage: number; peakFetches: number; during: AckRun | null }[] = [];
  try {
    // ---- 1. webhook acknowledgement: the API process alone ----
    const ackPrefix = `mwload-ack-${runId}`;
    await store.tenants.upsert({ id: 'graph', name: 'Graph load', provider: 'm365', settings: {} });
    const expiresAt = new Date(Date.now() + 3 * 3600_000);
    for (let s = 0; s < SUBS; s++) {
      await store.mailboxes.upsert({ tenantId: 'graph', provider: 'm365', mailboxId: `m${s}`, address: `m${s}@graph.example` });
      await store.subscriptions.save('m365', 'graph', `m${s}`, { id: `sub-${s}`, expiresAt, secret: SECRET });
    }
    const port = await freePort();
    const api = acksToo ? spawnRole('api', { ...baseEnv, QUEUE_PREFIX: ackPrefix, PORT: String(port) }, process.env.BENCH_API_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROF}`] : []) : null;
    const counter = { n: 0 };
    const ackQueues = queuesFor(ackPrefix);
    if (api) {
      await until('the API', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 60_000);
      await graphLoad(port, 4, 1, SUBS, counter); // warm-up: JIT, connection pools
      const queuedBefore = (await ackQueues.notifications.counts()).waiting;
      console.log(`webhook ack (API process alone, Redis + PostgreSQL, ${duration} s per level, 1 notification per POST, ${SUBS} subscriptions):`);
      for (const c of levels) {
        const a = await measureAcks(api, port, c, duration, SUBS, counter);
        acks.push(a);
        console.log(`  ${ackLine(a)}   load ${load()}`);
      }
      await new Promise((r) => setTimeout(r, 500)); // answers in flight when autocannon stopped
      const queued = (await ackQueues.notifications.counts()).waiting - queuedBefore;
      const acked = acks.reduce((t, a) => t + a.ok, 0);
      console.log(`  jobs queued ${queued} for ${acked} acknowledged notifications (a request in flight at a level's end is queued but not counted)`);
    }

    // ---- 2. end to end with each worker count, the API acknowledging meanwhile (not when provider-bound) ----
    for (const [run, workers] of workerCounts.entries()) {
      const prefix = `mwload-e2e${run}w${workers}-${runId}`;
      const tenant = `e2e${run}w${workers}`;
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
      await new Promise((r) => setTimeout(r, 3000)); // let the pdf.js warm-up finish, so its CPU is not counted
      const queues = queuesFor(prefix);
      const deps = createWebhookDeps(store, queues);
      const cpuBefore = procs.reduce((t, p) => t + cpuMs(p.pid!), 0);
      served.load.peak.clear();
      const started = performance.now();
      for (let i = 0; i < N; i += 100) {
        await Promise.all(sent.slice(i, i + 100).map(({ mailbox, id }) => deps.enqueueNotification({ provider: 'memory', tenantId: tenant, mailboxId: mailbox, trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id)));
      }
      const verdicts = async () => Object.values(await store.messages.countVerdicts(tenant)).reduce((a, b) => a + b, 0);
      // Stamped when the last verdict lands, not when the ack measurement below ends.
      const drained = until(`${N} verdicts`, async () => (await verdicts()) >= N, 600_000).then(() => ({ at: performance.now(), cpu: procs.reduce((t, p) => t + cpuMs(p.pid!), 0) }));
      // Acks while the workers scan (the first `duration` seconds of the scan, or all of it when shorter).
      const during = api ? await measureAcks(api, port, 8, duration, SUBS, counter) : null;
      const done = await drained;
      const seconds = (done.at - started) / 1000;
      const cpu = done.cpu - cpuBefore;
      const perVerdict = await store.messages.countVerdicts(tenant);
      const peakFetches = served.load.peak.get('fetchRaw') ?? 0;
      e2e.push({ workers, rate: N / seconds, cpuPerMessage: cpu / N, peakFetches, during });
      const provider = latencyMs > 0 ? `, provider latency ${latencyMs} ms` : '';
      console.log(`end to end, ${workers} worker process${workers > 1 ? 'es' : ''} (SCAN_CONCURRENCY ${baseEnv.SCAN_CONCURRENCY} each, default rule pack${provider}): ${N} messages in ${seconds.toFixed(2)} s = ${(N / seconds).toFixed(1)} messages/s   worker CPU ${(cpu / N).toFixed(1)} ms/message${latencyMs > 0 ? `   peak provider fetches in flight ${peakFetches} (scans + vault copies)` : ''}   verdicts ${JSON.stringify(perVerdict)}   load ${load()}`);
      if (during) console.log(`  meanwhile, API ${ackLine(during)}`);
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => (p.exitCode !== null ? null : new Promise((r) => p.once('exit', r)))));
      await queues.destroy();
    }
    if (api) {
      api.kill('SIGTERM');
      await new Promise((r) => (api.exitCode !== null ? r(null) : api.once('exit', r)));
    }
    await ackQueues.destroy();

    // ---- summary, the lines the README quotes ----
    const within = acks.filter((a) => a.p99 < 1000 && a.bad === 0);
    const best = within.sort((a, b) => b.rate - a.rate)[0];
    console.log(`\nsummary (${cpus().length} x ${cpus()[0]?.model.trim()}, load average at end ${load()}):`);
    if (acksToo) console.log(best
      ? `  sustained ${best.rate.toFixed(0)} notifications/s with p99 ack ${best.p99} ms < 1 s (${best.connections} connections); API CPU ${best.cpuPerAck.toFixed(2)} ms per ack (~${(1000 / best.cpuPerAck).toFixed(0)} acks/s per API core)`
      : `  no connection level kept p99 ack under 1 s: ${acks.map((a) => `${a.connections} conn p99 ${a.p99} ms`).join(', ')}`);
    // Repeated worker counts (`--workers 1,2,3,1,2,3`, interleaved against drifting load) are summarised by
    // their median; ratios are against the first count's median.
    const counts = [...new Set(e2e.map((r) => r.workers))];
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = sorted.length / 2;
      return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
    };
    const baseRate = median(e2e.filter((r) => r.workers === counts[0]).map((r) => r.rate));
    for (const w of counts) {
      const runs = e2e.filter((r) => r.workers === w);
      const rate = median(runs.map((r) => r.rate));
      const cpu = median(runs.map((r) => r.cpuPerMessage));
      const meanwhile = runs[0]!.during
        ? `; acks meanwhile p99 ${runs.map((r) => r.during!.p99).join('/')} ms at ${runs.map((r) => r.during!.rate.toFixed(0)).join('/')}/s`
        : `; ${(rate / baseRate).toFixed(2)}x the ${counts[0]}-worker rate, peak provider fetches in flight ${runs.map((r) => r.peakFetches).join('/')} (provider latency ${latencyMs} ms, SCAN_CONCURRENCY ${baseEnv.SCAN_CONCURRENCY} per worker)`;
      const each = runs.length > 1 ? ` (median of ${runs.map((r) => r.rate.toFixed(1)).join(', ')})` : '';
      console.log(`  end to end ${w} worker${w > 1 ? 's' : ''}: ${rate.toFixed(1)} messages/s${each}, ${cpu.toFixed(1)} ms worker CPU per message${meanwhile}`);
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
