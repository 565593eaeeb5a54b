import type { RetryOptions } from '../error-policy.ts';
import { decideFailure } from '../error-policy.ts';
import type { DeadLetterSink, JobHandler, JobQueue, QueueCounts, QueueName } from './types.ts';

type State = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

interface Entry<T> {
  id: string;
  data: T;
  attempt: number;
  state: State;
  timer?: NodeJS.Timeout;
}

/** Completed ids remembered for de-duplication; beyond this the oldest are forgotten. */
const COMPLETED_MEMORY = 100_000;

/**
 * The embedded queue: jobs live in this process only. Same semantics as the bull queue (idempotent ids,
 * per-queue concurrency, backoff, dead letters) so the pipeline cannot tell them apart; what it lacks is
 * durability, which the embedded service recovers from at start by re-enqueueing unscanned messages.
 */
export class MemoryQueue<T> implements JobQueue<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly waiting: string[] = [];
  private readonly completed: string[] = [];
  private handler: JobHandler<T> | null = null;
  private concurrency = 0;
  private active = 0;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(
    readonly name: QueueName,
    private readonly retry: RetryOptions,
    private readonly onDead: DeadLetterSink,
  ) {}

  async add(data: T, jobId: string, options: { delayMs?: number } = {}): Promise<void> {
    if (this.closed) throw new Error(`queue ${this.name} is closed`);
    if (this.entries.has(jobId)) return;
    const entry: Entry<T> = { id: jobId, data, attempt: 0, state: 'waiting' };
    this.entries.set(jobId, entry);
    if (options.delayMs && options.delayMs > 0) this.delay(entry, options.delayMs);
    else this.enqueue(entry);
  }

  process(handler: JobHandler<T>, concurrency: number): void {
    this.handler = handler;
    this.concurrency = concurrency;
    this.pump();
  }

  async counts(): Promise<QueueCounts> {
    const c: QueueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
    for (const e of this.entries.values()) c[e.state] += 1;
    return c;
  }

  async replay(jobId: string, data: T): Promise<void> {
    const e = this.entries.get(jobId);
    if (e && e.state !== 'failed' && e.state !== 'completed') return;
    this.entries.delete(jobId);
    await this.add(data, jobId);
  }

  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    if (this.active > 0) {
      await Promise.race([new Promise<void>((r) => this.idle.push(r)), new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
  }

  private enqueue(entry: Entry<T>): void {
    entry.state = 'waiting';
    this.waiting.push(entry.id);
    this.pump();
  }

  private delay(entry: Entry<T>, ms: number): void {
    entry.state = 'delayed';
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!this.closed) this.enqueue(entry);
    }, ms);
  }

  private pump(): void {
    while (!this.closed && this.handler && this.active < this.concurrency && this.waiting.length > 0) {
      const entry = this.entries.get(this.waiting.shift()!);
      if (!entry || entry.state !== 'waiting') continue;
      void this.run(entry, this.handler);
    }
  }

  private async run(entry: Entry<T>, handler: JobHandler<T>): Promise<void> {
    this.active += 1;
    entry.state = 'active';
    entry.attempt += 1;
    try {
      await handler({ id: entry.id, queue: this.name, data: entry.data, attempt: entry.attempt });
      this.complete(entry);
    } catch (err) {
      const decision = decideFailure(err, entry.attempt, this.retry);
      if (decision.kind === 'done') this.complete(entry);
      else if (decision.kind === 'retry') {
        // After close the job is left undone; the embedded start-up recovery enqueues its message again.
        if (this.closed) entry.state = 'delayed';
        else this.delay(entry, decision.delayMs);
      } else {
        entry.state = 'failed';
        await this.onDead(this.name, entry.id, entry.data, { code: decision.code, reason: decision.reason }, entry.attempt).catch(() => {});
      }
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const r of this.idle.splice(0)) r();
      this.pump();
    }
  }

  private complete(entry: Entry<T>): void {
    entry.state = 'completed';
    this.completed.push(entry.id);
    if (this.completed.length > COMPLETED_MEMORY) this.entries.delete(this.completed.shift()!);
  }
}
