import type { Logger } from '../observability/logger.ts';
import type { Store } from '../store/store.ts';
import type { PipelineContext } from './context.ts';
import { startHoldSweep } from './hold-sweep.ts';
import { ids, type MaintenanceTask } from './jobs.ts';
import type { Queues } from './queues.ts';
import type { Semaphore } from './semaphore.ts';

const TASKS: readonly MaintenanceTask[] = ['renew-subscriptions', 'catch-up', 'vault-purge'];

/**
 * The scheduler role: once per interval, whoever holds the scheduler lock (Redis lock on Redis, a database
 * lease otherwise) enqueues one maintenance job per task for this tick. Deterministic job ids make a second
 * scheduler's jobs collapse into the first's even if the lock were ever lost mid-tick.
 * With `ctx`, it also runs the inline hold's sweep itself (fail-open release, hold rule install/removal): that
 * must work while no worker runs, so it is not a maintenance job.
 */
export function startScheduler(options: { store: Store; queues: Queues; semaphore: Semaphore; intervalMs: number; logger: Logger; ctx?: PipelineContext }): { tick(): Promise<boolean>; stop(): void } {
  const { store, queues, semaphore, intervalMs, logger } = options;
  const hold = options.ctx ? startHoldSweep(options.ctx) : null;
  const lockTtl = Math.max(intervalMs * 2, 5000);
  let releaseRedis: (() => Promise<void>) | null = null;

  const haveLock = async (): Promise<boolean> => {
    if (queues.kind === 'redis') {
      if (releaseRedis) {
        // Still ours if it has not lapsed: re-take it (limit 1) after releasing our own slot.
        await releaseRedis();
        releaseRedis = null;
      }
      releaseRedis = await semaphore.tryAcquire('scheduler', 1, lockTtl);
      return releaseRedis !== null;
    }
    return store.leases.acquire('scheduler', lockTtl);
  };

  const tick = async (): Promise<boolean> => {
    if (!(await haveLock())) return false;
    const slot = Math.floor(Date.now() / intervalMs);
    for (const task of TASKS) await queues.maintenance.add({ task, slot }, ids.maintenance(task, slot));
    return true;
  };

  const timer = setInterval(() => {
    tick().catch((err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'scheduler tick failed'));
  }, intervalMs);
  timer.unref();
  void tick().catch(() => {});
  return {
    tick,
    stop() {
      clearInterval(timer);
      hold?.stop();
      if (releaseRedis) void releaseRedis();
      else if (queues.kind === 'memory') void store.leases.release('scheduler').catch(() => {});
    },
  };
}
