import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import { decideFailure, type RetryOptions } from '../error-policy.ts';
import type { DeadLetterSink, JobHandler, JobQueue, QueueCounts, QueueName } from './types.ts';

/** Thrown back to bull to schedule a retry with the delay our error policy chose. */
class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown back to bull after `job.discard()`: no more attempts. */
class GiveUp extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface BullSettings {
  redisUrl: string;
  prefix: string;
  /** How long a job's lock lives without renewal: a killed worker's jobs return to waiting after about this. */
  lockMs: number;
}

/**
 * Shares two Redis connections (commands, pub/sub) between every queue of a process; bull needs one
 * blocking connection per queue on top. maxRetriesPerRequest/enableReadyCheck are what bull requires.
 */
export function bullConnections(redisUrl: string) {
  const opts: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false };
  const shared: Redis[] = [];
  const created: Redis[] = [];
  const get = (i: number) => (shared[i] ??= new Redis(redisUrl, opts));
  return {
    createClient(type: 'client' | 'subscriber' | 'bclient') {
      if (type === 'client') return get(0);
      if (type === 'subscriber') return get(1);
      const c = new Redis(redisUrl, opts);
      created.push(c);
      return c;
    },
    async close() {
      for (const c of [...created, ...shared]) c.disconnect();
    },
  };
}

/** A queue on Redis through bull: shared by every worker process of the deployment. */
export class BullQueue<T> implements JobQueue<T> {
  private readonly queue: Bull.Queue<T>;

  constructor(
    readonly name: QueueName,
    settings: BullSettings,
    connections: ReturnType<typeof bullConnections>,
    private readonly retry: RetryOptions,
    onDead: DeadLetterSink,
  ) {
    this.queue = new Bull<T>(name, {
      prefix: settings.prefix,
      createClient: (type) => connections.createClient(type),
      settings: {
        lockDuration: settings.lockMs,
        lockRenewTime: Math.floor(settings.lockMs / 2),
        stalledInterval: Math.max(1000, Math.floor(settings.lockMs / 2)),
        maxStalledCount: 3,
        backoffStrategies: { policy: (_attempts: number, err: Error) => (err instanceof RetryLater ? err.delayMs : 1000) },
      },
      defaultJobOptions: {
        attempts: retry.maxAttempts,
        backoff: { type: 'policy' },
        removeOnComplete: { age: 24 * 3600, count: 100_000 },
        removeOnFail: false,
      },
    });
    this.queue.on('failed', (job, err) => {
      // isDiscarded exists in bull 4 but is missing from its type definitions.
      const discarded = (job as unknown as { isDiscarded(): boolean }).isDiscarded();
      const final = discarded || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final) return;
      const code = err instanceof GiveUp || err instanceof RetryLater ? err.code : 'stalled';
      void onDead(name, String(job.id), job.data, { code, reason: err.message }, job.attemptsMade).catch(() => {});
    });
  }

  async add(data: T, jobId: string, options: { delayMs?: number } = {}): Promise<void> {
    await this.queue.add(data, { jobId, ...(options.delayMs ? { delay: options.delayMs } : {}) });
  }

  process(handler: JobHandler<T>, concurrency: number): void {
    void this.queue.process(concurrency, async (job) => {
      const attempt = job.attemptsMade + 1;
      try {
        await handler({ id: String(job.id), queue: this.name, data: job.data, attempt });
      } catch (err) {
        const decision = decideFailure(err, attempt, this.retry);
        if (decision.kind === 'done') return;
        if (decision.kind === 'retry') throw new RetryLater(decision.delayMs, decision.code, err instanceof Error ? err.message : String(err));
        await job.discard();
        throw new GiveUp(decision.code, decision.reason);
      }
    });
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts();
    return { waiting: c.waiting, active: c.active, delayed: c.delayed, failed: c.failed, completed: c.completed };
  }

  async replay(jobId: string, data: T): Promise<void> {
    const job = await this.queue.getJob(jobId);
    if (job) {
      const state = await job.getState();
      if (state !== 'failed' && state !== 'completed') return;
      await job.remove();
    }
    await this.add(data, jobId);
  }

  async close(graceMs = 10_000): Promise<void> {
    // Stop taking jobs here, let running ones finish within the grace period; past it their locks lapse and
    // another worker takes them over.
    await Promise.race([this.queue.pause(true, false), new Promise((r) => setTimeout(r, graceMs).unref())]);
    await Promise.race([this.queue.close(true), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** Removes every key of this queue (tests and benches clean up after themselves). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
