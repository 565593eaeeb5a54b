/**
 * Scale-out: worker processes on Redis + PostgreSQL share the work, and adding one adds capacity where a worker
 * waits on the provider. Timing ratios are flaky on a shared 2-core machine, so this counts work instead:
 * - each worker's own /metrics says how many verdicts it produced: with 2 workers both carry a real share, the
 *   shares add up to exactly one verdict per message, and a third worker joining mid-run takes work too;
 * - the provider answers after a round trip (latency injected in the served store), so a worker's fetches are
 *   capped by its SCAN_CONCURRENCY: the served store counts the most fetches it answered at once, and that
 *   peak exceeds what one worker may have in flight (2 workers), then what two may (3 workers). That is the
 *   throughput growth: more fetches in flight against a provider whose latency, not CPU, bounds each worker.
 * `npm run bench:load -- --provider-latency-ms 100` prints the messages/s this turns into.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerCluster, verdictsOnMetrics, type WorkerCluster } from '../helpers/worker-cluster.ts';

const N = 160;
const MAILBOXES = 16;
const SCAN_CONCURRENCY = 2;
const PROVIDER_LATENCY_MS = 200;

describe('scale-out: worker processes share the queue and add provider concurrency', () => {
  let c: WorkerCluster;

  beforeAll(async () => {
    c = await startWorkerCluster({ name: 'mwscale', mailboxes: MAILBOXES, env: { SCAN_CONCURRENCY: String(SCAN_CONCURRENCY), NOTIFY_CONCURRENCY: '8' } });
    c.provider.latencyMs = PROVIDER_LATENCY_MS;
  }, 60_000);
  afterAll(() => c?.close());

  it(`${N} messages over 2 workers, then a 3rd joins: every process takes a share, fetches in flight beyond one worker's cap`, async () => {
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
    const peakFetches = () => c.provider.peak.get('fetchRaw') ?? 0;

    await announce(0, N / 2);
    await until(N / 2);
    const peakWithTwo = peakFetches();
    const third = await c.spawnWorker({ metrics: true });
    c.provider.peak.clear();
    await announce(N / 2, N);
    await until(N);
    const peakWithThree = peakFetches();
    const shares = await Promise.all([...started, third].map((w) => verdictsOnMetrics(w.metricsPort!)));
    // Exactly one verdict per message across all processes...
    expect(shares.reduce((a, b) => a + b, 0)).toBe(N);
    expect(await c.verdicts()).toBe(N);
    // ...every process did real work: with fair sharing each of the first two would do ~40%, the third ~1/6...
    expect(shares[0]).toBeGreaterThanOrEqual(N * 0.15);
    expect(shares[1]).toBeGreaterThanOrEqual(N * 0.15);
    expect(shares[2]).toBeGreaterThanOrEqual(N * 0.05);
    // ...and the provider saw more fetches at once than one worker (then two) may make: capacity was added.
    expect(peakWithTwo).toBeGreaterThan(SCAN_CONCURRENCY);
    expect(peakWithThree).toBeGreaterThan(2 * SCAN_CONCURRENCY);
    expect(Math.max(peakWithTwo, peakWithThree)).toBeLessThanOrEqual(3 * SCAN_CONCURRENCY);
    console.log(`scale: ${N} messages, provider latency ${PROVIDER_LATENCY_MS} ms, SCAN_CONCURRENCY ${SCAN_CONCURRENCY} per worker; verdicts per worker process ${JSON.stringify(shares)}; peak fetches in flight: 2 workers ${peakWithTwo}, 3 workers ${peakWithThree}`);
  }, 200_000);
});
