import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.ts';
import { memorySemaphore, redisSemaphore, type Semaphore } from '../../../src/pipeline/semaphore.ts';

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
const prefix = `mwtest-sem-${randomUUID()}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.each([
  ['memory', () => memorySemaphore()],
  ['redis', () => redisSemaphore(redis, prefix)],
] as [string, () => Semaphore][])('%s semaphore', (_name, make) => {
  it('caps holders per key and frees a slot on release', async () => {
    const sem = make();
    const a = await sem.tryAcquire('mbx:1', 2, 10_000);
    const b = await sem.tryAcquire('mbx:1', 2, 10_000);
    expect(a && b).toBeTruthy();
    expect(await sem.tryAcquire('mbx:1', 2, 10_000)).toBeNull();
    expect(await sem.tryAcquire('mbx:2', 2, 10_000)).not.toBeNull(); // other mailboxes are independent
    await a!();
    expect(await sem.tryAcquire('mbx:1', 2, 10_000)).not.toBeNull();
  });

  it('acquire waits for a slot, and gives up with a retryable throttled error', async () => {
    const sem = make();
    const held = await sem.acquire('sync:1', 1);
    setTimeout(() => void held(), 30);
    const next = await sem.acquire('sync:1', 1, { waitMs: 2000 });
    const err = await sem.acquire('sync:1', 1, { waitMs: 50 }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code === 'throttled' && err.retryable).toBe(true);
    await next();
  });

  it('100 concurrent workers never exceed the cap', async () => {
    const sem = make();
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        const release = await sem.acquire('cap', 4, { waitMs: 20_000 });
        peak = Math.max(peak, ++inside);
        await new Promise((r) => setTimeout(r, 1));
        inside -= 1;
        await release();
      }),
    );
    expect(peak).toBe(4);
  });
});

it('redis semaphore: a live holder keeps its slot past the ttl; a dead one frees it after the ttl', async () => {
  const sem = redisSemaphore(redis, prefix);
  const alive = await sem.tryAcquire('ttl', 1, 150);
  await new Promise((r) => setTimeout(r, 400));
  expect(await sem.tryAcquire('ttl', 1, 150)).toBeNull(); // still extended by its holder
  await alive!();

  const doomed = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 0 });
  expect(await redisSemaphore(doomed, prefix).tryAcquire('ttl', 1, 150)).not.toBeNull();
  doomed.disconnect(); // the holder's process dies: nobody extends the slot any more
  expect(await sem.tryAcquire('ttl', 1, 150)).toBeNull();
  await new Promise((r) => setTimeout(r, 300));
  expect(await sem.tryAcquire('ttl', 1, 150)).not.toBeNull();
});
