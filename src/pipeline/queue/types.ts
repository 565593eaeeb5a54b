/** The queues of the pipeline (alerts: security-team alert deliveries). Each has its own concurrency and retry budget. */
export type QueueName = 'notifications' | 'scan' | 'remediate' | 'maintenance' | 'alerts';

export const QUEUE_NAMES: readonly QueueName[] = ['notifications', 'scan', 'remediate', 'maintenance', 'alerts'];

export interface Job<T> {
  /** Deterministic id (src/core/ids.ts jobId): adding the same id twice runs it once. */
  id: string;
  queue: QueueName;
  data: T;
  /** 1 on the first run. */
  attempt: number;
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** What happens to a job whose handler threw: try again later, or stop and dead-letter it. */
export type FailureDecision = { kind: 'retry'; delayMs: number; code: string } | { kind: 'dead'; code: string; reason: string } | { kind: 'done'; code: string };

/** Called once when a job is given up on, so the dead letter is visible in the store. */
export type DeadLetterSink = (queue: QueueName, jobId: string, data: unknown, decision: { code: string; reason: string }, attempts: number) => Promise<void>;

/**
 * One queue, whatever runs it (in-process or bull on Redis). Adding is idempotent by job id; handlers that
 * throw are retried or dead-lettered according to the pipeline's error policy.
 */
export interface JobQueue<T> {
  readonly name: QueueName;
  add(data: T, jobId: string, options?: { delayMs?: number }): Promise<void>;
  /** Starts consuming with `concurrency` jobs at once in this process. */
  process(handler: JobHandler<T>, concurrency: number): void;
  counts(): Promise<QueueCounts>;
  /** Runs a dead-lettered job again (same id, attempt count reset). */
  replay(jobId: string, data: T): Promise<void>;
  /** Stops taking new jobs and waits (up to graceMs) for running ones; running jobs past it are released. */
  close(graceMs?: number): Promise<void>;
}
