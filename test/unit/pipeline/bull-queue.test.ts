import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { BullQueue, bullConnections } from '../../../src/pipeline/queue/bull-queue.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `mwtest-bull-${randomUUID().slice(0, 8)}`;
const connections = bullConnections(REDIS_URL);
const queues: BullQueue<unknown>[] = [];

afterAll(async () => {
  for (const q of queues) {
    await q.obliterate().catch(() => {});
    await q.close(100);
  }
  await connections.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const until = async (cond: () => Promise<boolean> | boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('BullQueue on Redis', () => {
  it('collapses duplicate ids, retries with the policy delay, dead-letters, and replays', async () => {
    const dead: { id: string; code: string; attempts: number }[] = [];
    const q = new BullQueue<{ kind: string }>('scan', { redisUrl: REDIS_URL, prefix, lockMs: 2000 }, connections, { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 }, async (_q, id, _d, decision, attempts) => {
      dead.push({ id, code: decision.code, attempts });
    });
    queues.push(q as BullQueue<unknown>);
    const runs = new Map<string, number[]>();
    let healed = false;
    q.process(async (job) => {
      runs.set(job.id, [...(runs.get(job.id) ?? []), job.attempt]);
      if (job.data.kind === 'flaky' && job.attempt < 2) throw new AppError('provider_unavailable', '503');
      if (job.data.kind === 'denied' && !healed) throw new AppError('forbidden', 'no access');
      if (job.data.kind === 'broken' && !healed) throw new AppError('timeout', 'slow');
    }, 2);
    await q.add({ kind: 'ok' }, 'ok-1');
    await q.add({ kind: 'ok' }, 'ok-1');
    await q.add({ kind: 'flaky' }, 'flaky-1');
    await q.add({ kind: 'denied' }, 'denied-1');
    await q.add({ kind: 'broken' }, 'broken-1');
    await until(async () => dead.length === 2 && (await q.counts()).completed === 2);
    expect(runs.get('ok-1')).toEqual([1]);
    expect(runs.get('flaky-1')).toEqual([1, 2]);
    expect(runs.get('denied-1')).toEqual([1]); // not retryable: one attempt only
    expect(runs.get('broken-1')).toEqual([1, 2, 3]);
    expect(dead.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'broken-1', code: 'timeout', attempts: 3 },
      { id: 'denied-1', code: 'forbidden', attempts: 1 },
    ]);
    expect((await q.counts()).failed).toBe(2);
    healed = true;
    await q.replay('denied-1', { kind: 'denied' });
    await until(async () => (await q.counts()).failed === 1);
    expect(runs.get('denied-1')).toEqual([1, 1]);
  });
});
