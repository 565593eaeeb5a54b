/**
 * Scale-out: worker processes on Redis + PostgreSQL share the work. Timing ratios are flaky on a shared 2-core
 * machine, so this counts work per process instead: each worker's own /metrics says how many verdicts it
 * produced; with 2 workers both must carry a real share, the shares must add up to exactly one verdict per
 * message, and then a third worker joining mid-run must take work too (throughput grows with processes only
 * if added processes actually consume).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerCluster, verdictsOnMetrics, type WorkerCluster } from '../helpers/worker-cluster.ts';

const N = 240;
const MAILBOXES = 12;

describe('scale-out: worker processes share the queue', () => {
  let c: WorkerCluster;

  beforeAll(async () => {
    c = await startWorkerCluster({ name: 'mwscale', mailboxes: MAILBOXES, env: { SCAN_CONCURRENCY: '2', NOTIFY_CONCURRENCY: '4' } });
  }, 60_000);
  afterAll(() => c?.close());

  it(`${N} messages over 2 workers, then a 3rd joins: every process takes a share, one verdict per message`, async () => {
    const started = await Promise.all([c.spawnWorker({ metrics: true }), c.spawnWorker({ metrics: true })]);
    const announce = async (from: number, to: number) => {
      const batch = [];
      for (let i = from; i < to; i++) {
        const { mailbox, id } = c.deliver(i);
        batch.push(c.announce(mailbox, id));
      }
      await Promise.all(batch);
    };
    const until = async (n: number) => {
      const end = Date.now() + 150_000;
      while ((await c.verdicts()) < n) {
        if (Date.now() > end) throw new Error(`stuck at ${await c.verdicts()} of ${n}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await announce(0, N / 2);
    await until(N / 2);
    const third = await c.spawnWorker({ metrics: true });
    await announce(N / 2, N);
    await until(N);
    const shares = await Promise.all([...started, third].map((w) => verdictsOnMetrics(w.metricsPort!)));
    // Exactly one verdict per message across all processes...
    expect(shares.reduce((a, b) => a + b, 0)).toBe(N);
    expect(await c.verdicts()).toBe(N);
    // ...and every process did real work: with fair sharing each of the first two would do ~40%, the third ~1/6.
    expect(shares[0]).toBeGreaterThanOrEqual(N * 0.1);
    expect(shares[1]).toBeGreaterThanOrEqual(N * 0.1);
    expect(shares[2]).toBeGreaterThanOrEqual(N * 0.03);
    console.log(`scale: ${N} messages, verdicts per worker process ${JSON.stringify(shares)}`);
  }, 200_000);
});
