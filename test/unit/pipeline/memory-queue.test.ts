import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { MemoryQueue } from '../../../src/pipeline/queue/memory-queue.ts';

const retry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const until = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('MemoryQueue', () => {
  it('collapses duplicate job ids, including after completion', async () => {
    const q = new MemoryQueue<number>('scan', retry, async () => {});
    const seen: number[] = [];
    q.process(async (job) => {
      seen.push(job.data);
    }, 2);
    await q.add(1, 'a');
    await q.add(1, 'a');
    await q.add(2, 'b');
    await until(() => seen.length === 2);
    await q.add(1, 'a');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.sort()).toEqual([1, 2]);
    expect((await q.counts()).completed).toBe(2);
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    const q = new MemoryQueue<number>('scan', retry, async () => {});
    let running = 0;
    let peak = 0;
    let done = 0;
    q.process(async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 2));
      running -= 1;
      done += 1;
    }, 3);
    for (let i = 0; i < 30; i++) await q.add(i, `j${i}`);
    await until(() => done === 30);
    expect(peak).toBe(3);
  });

  it('retries a transient failure, then succeeds; attempts are counted', async () => {
    const q = new MemoryQueue<string>('notifications', retry, async () => {});
    const attempts: number[] = [];
    q.process(async (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new AppError('provider_unavailable', 'try later');
    }, 1);
    await q.add('x', 'x');
    await until(async () => (await q.counts()).completed === 1);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('dead-letters after the last attempt and a non-retryable error at once; replay runs it again', async () => {
    const dead: { id: string; code: string; attempts: number }[] = [];
    const q = new MemoryQueue<string>('remediate', retry, async (_q, id, _d, decision, attempts) => {
      dead.push({ id, code: decision.code, attempts });
    });
    let fixed = false;
    let runs = 0;
    q.process(async (job) => {
      runs += 1;
      if (fixed) return;
      if (job.data === 'forbidden') throw new AppError('forbidden', 'no access');
      throw new AppError('timeout', 'slow');
    }, 2);
    await q.add('forbidden', 'f');
    await q.add('slow', 's');
    await until(() => dead.length === 2);
    expect(dead.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'f', code: 'forbidden', attempts: 1 },
      { id: 's', code: 'timeout', attempts: 3 },
    ]);
    expect((await q.counts()).failed).toBe(2);
    fixed = true;
    const before = runs;
    await q.replay('s', 'slow');
    await until(async () => (await q.counts()).failed === 1);
    expect(runs).toBe(before + 1);
  });
});
