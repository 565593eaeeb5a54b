import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../core/errors.ts';

export type Release = () => Promise<void>;

/**
 * Counting locks by key: per-mailbox serialisation (limit 1) and per-mailbox caps on provider calls.
 * `acquire` waits up to `waitMs` and then throws a retryable `throttled` error, so a busy mailbox turns into a
 * retried job instead of a worker blocked for good. Slots expire after `ttlMs` so a killed process frees them.
 */
export interface Semaphore {
  acquire(key: string, limit: number, options?: { ttlMs?: number; waitMs?: number }): Promise<Release>;
  tryAcquire(key: string, limit: number, ttlMs: number): Promise<Release | null>;
}

const DEFAULT_WAIT = 30_000;

async function poll(tryOnce: () => Promise<Release | null>, key: string, waitMs: number): Promise<Release> {
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    const release = await tryOnce();
    if (release) return release;
    if (Date.now() >= deadline) throw new AppError('throttled', `busy: ${key.split(':')[0]}`, { retryAfterMs: 1000 });
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(50, pause * 2);
  }
}

/** In-process semaphore for the embedded service (one process owns every mailbox): waiters queue, no polling. */
export function memorySemaphore(): Semaphore {
  const held = new Map<string, number>();
  const waiters = new Map<string, (() => void)[]>();
  const tryAcquire = async (key: string, limit: number): Promise<Release | null> => {
    const n = held.get(key) ?? 0;
    if (n >= limit) return null;
    held.set(key, n + 1);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      const left = (held.get(key) ?? 1) - 1;
      if (left <= 0) held.delete(key);
      else held.set(key, left);
      const queue = waiters.get(key);
      const next = queue?.shift();
      if (queue && queue.length === 0) waiters.delete(key);
      next?.();
    };
  };
  const acquire = async (key: string, limit: number, options: { waitMs?: number } = {}): Promise<Release> => {
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT);
    for (;;) {
      const release = await tryAcquire(key, limit);
      if (release) return release;
      const left = deadline - Date.now();
      if (left <= 0) throw new AppError('throttled', `busy: ${key.split(':')[0]}`, { retryAfterMs: 1000 });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          const queue = waiters.get(key);
          if (queue) {
            const i = queue.indexOf(done);
            if (i >= 0) queue.splice(i, 1);
          }
          resolve();
        }
        const queue = waiters.get(key) ?? [];
        queue.push(done);
        waiters.set(key, queue);
      });
    }
  };
  return { tryAcquire, acquire };
}

// A sorted set of holders scored by expiry (Redis server time, so clocks of workers do not matter).
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const EXTEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return 1
end
return 0`;

/**
 * Redis semaphore shared by every process on the same Redis and prefix. A live holder keeps extending its
 * slot (every third of `ttlMs`), so slots can be short-lived: a SIGKILLed worker's slots free within `ttlMs`
 * instead of blocking its mailboxes for as long as the longest operation might take.
 */
export function redisSemaphore(redis: Redis, prefix: string, defaultTtlMs = 15_000): Semaphore {
  const tryAcquire = async (key: string, limit: number, ttlMs: number): Promise<Release | null> => {
    const token = randomUUID();
    const redisKey = `${prefix}:sem:${key}`;
    const ok = await redis.eval(ACQUIRE, 1, redisKey, limit, ttlMs, token);
    if (ok !== 1) return null;
    const keepAlive = setInterval(() => {
      redis.eval(EXTEND, 1, redisKey, ttlMs, token).catch(() => {});
    }, Math.max(50, Math.floor(ttlMs / 3)));
    keepAlive.unref();
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      clearInterval(keepAlive);
      await redis.zrem(redisKey, token);
    };
  };
  return {
    tryAcquire,
    acquire: (key, limit, options = {}) => poll(() => tryAcquire(key, limit, Math.min(options.ttlMs ?? defaultTtlMs, defaultTtlMs)), key, options.waitMs ?? DEFAULT_WAIT),
  };
}
