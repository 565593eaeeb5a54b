import type { AlertJob } from '../alerts/alert-job.ts';
import type { AppConfig } from '../config/schema.ts';
import type { RetryOptions } from './error-policy.ts';
import type { MaintenanceJob, NotificationJob, RemediateJob, ScanJob } from './jobs.ts';
import { BullQueue, bullConnections } from './queue/bull-queue.ts';
import { MemoryQueue } from './queue/memory-queue.ts';
import type { DeadLetterSink, JobQueue, QueueName } from './queue/types.ts';

/** The pipeline's queues. `kind` says whether they live in this process or in Redis. */
export interface Queues {
  kind: 'memory' | 'redis';
  notifications: JobQueue<NotificationJob>;
  scan: JobQueue<ScanJob>;
  remediate: JobQueue<RemediateJob>;
  maintenance: JobQueue<MaintenanceJob>;
  alerts: JobQueue<AlertJob>;
  byName(name: QueueName): JobQueue<unknown>;
  close(graceMs?: number): Promise<void>;
  /** Deletes every Redis key of these queues (tests and benches only). */
  destroy(): Promise<void>;
}

export type QueueConfig = Pick<AppConfig, 'REDIS_URL' | 'QUEUE_PREFIX' | 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS' | 'JOB_BACKOFF_MAX_MS' | 'QUEUE_LOCK_MS'>;

/** In-process queues without REDIS_URL, bull queues on Redis with it. */
export function createQueues(config: QueueConfig, onDead: DeadLetterSink): Queues {
  const retry: RetryOptions = { maxAttempts: config.JOB_ATTEMPTS, baseDelayMs: config.JOB_BACKOFF_MS, maxDelayMs: config.JOB_BACKOFF_MAX_MS };
  if (!config.REDIS_URL) {
    const q = {
      notifications: new MemoryQueue<NotificationJob>('notifications', retry, onDead),
      scan: new MemoryQueue<ScanJob>('scan', retry, onDead),
      remediate: new MemoryQueue<RemediateJob>('remediate', retry, onDead),
      maintenance: new MemoryQueue<MaintenanceJob>('maintenance', retry, onDead),
      alerts: new MemoryQueue<AlertJob>('alerts', retry, onDead),
    };
    return {
      kind: 'memory',
      ...q,
      byName: (name) => q[name] as JobQueue<unknown>,
      close: async (graceMs) => {
        await Promise.all(Object.values(q).map((x) => x.close(graceMs)));
      },
      destroy: async () => {},
    };
  }
  const connections = bullConnections(config.REDIS_URL);
  const settings = { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, lockMs: config.QUEUE_LOCK_MS };
  const q = {
    notifications: new BullQueue<NotificationJob>('notifications', settings, connections, retry, onDead),
    scan: new BullQueue<ScanJob>('scan', settings, connections, retry, onDead),
    remediate: new BullQueue<RemediateJob>('remediate', settings, connections, retry, onDead),
    maintenance: new BullQueue<MaintenanceJob>('maintenance', settings, connections, retry, onDead),
    alerts: new BullQueue<AlertJob>('alerts', settings, connections, retry, onDead),
  };
  return {
    kind: 'redis',
    ...q,
    byName: (name) => q[name] as JobQueue<unknown>,
    close: async (graceMs) => {
      await Promise.all(Object.values(q).map((x) => x.close(graceMs)));
      await connections.close();
    },
    destroy: async () => {
      await Promise.all(Object.values(q).map((x) => x.obliterate()));
    },
  };
}
