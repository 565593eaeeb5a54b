import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerCluster, type WorkerCluster } from '../helpers/worker-cluster.ts';

const N = 1000;
const MAILBOXES = 10;
const SCAN_CONCURRENCY = 4;

describe('Redis + PostgreSQL, two worker processes, one SIGKILLed mid-run', () => {
  let c: WorkerCluster;

  beforeAll(async () => {
    // A secret in the tenant's settings: it must never appear in any worker's log.
    c = await startWorkerCluster({
      name: 'mwmp',
      mailboxes: MAILBOXES,
      tenantSettings: { clientSecret: 'never-log-this-5ecret' },
      // The lock must outlive the survivor's worst event-loop stall on a loaded 2-core box (renewed every half
      // lock): at 2 s a stall let one of its own jobs be taken as stalled and fetched again (5 > 4 seen once).
      env: { QUEUE_LOCK_MS: '5000', JOB_BACKOFF_MS: '100', SCAN_CONCURRENCY: String(SCAN_CONCURRENCY), NOTIFY_CONCURRENCY: '8' },
    });
  });
  afterAll(() => c?.close());

  it(`${N} messages: every one ends with exactly one verdict, none scanned twice except what the killed worker held`, async () => {
    const { mail, store, queues, logs } = c;
    const { child: victim } = await c.spawnWorker();
    const { child: survivor, metricsPort } = await c.spawnWorker({ metrics: true });
    const sent = Array.from({ length: N }, (_, i) => c.deliver(i));
    // Announce each message twice (providers redeliver), 50 webhook calls at a time.
    for (let i = 0; i < N; i += 50) {
      await Promise.all(
        sent.slice(i, i + 50).flatMap(({ mailbox, id }) => [c.announce(mailbox, id), c.announce(mailbox, id)]),
      );
    }

    const verdicts = () => c.verdicts();
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
    expect(log).not.toContain(c.vaultKey);
  }, 200_000);
});
