/**
 * Delivers change and lifecycle notifications the way Graph does: POSTed in batches ({"value":[...]}) to the
 * subscription's URL, 2xx within a timeout expected, retried with back-off on failure, endpoints that answer
 * slowly put on a delay, and some notifications dropped when a test asks for it.
 */
import type { Faults } from './faults.ts';

export interface NotifierOptions {
  batchDelayMs: number;
  maxBatch: number;
  timeoutMs: number;
  retryDelaysMs: number[];
  /** Responses slower than this put the endpoint on the slow path. */
  slowThresholdMs: number;
  /** Extra delay before each delivery to a slow endpoint. */
  slowDelayMs: number;
}

export const DEFAULT_NOTIFIER: NotifierOptions = { batchDelayMs: 20, maxBatch: 100, timeoutMs: 3000, retryDelaysMs: [200, 1000, 4000], slowThresholdMs: 2500, slowDelayMs: 1000 };

export interface NotifierStats {
  /** Deliveries held back because their endpoint answered slowly last time. */
  slowDelays: number;
  queued: number;
  delivered: number;
  dropped: number;
  failedAttempts: number;
  abandoned: number;
  posts: number;
}

interface Outbox {
  items: Record<string, unknown>[];
  timer: NodeJS.Timeout | null;
  slow: boolean;
}

export class Notifier {
  readonly stats: NotifierStats = { slowDelays: 0, queued: 0, delivered: 0, dropped: 0, failedAttempts: 0, abandoned: 0, posts: 0 };
  private readonly outboxes = new Map<string, Outbox>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Called when a batch was given up after every retry (Graph then signals "missed" where it can). */
  onAbandoned: (url: string, items: Record<string, unknown>[]) => void = () => {};

  constructor(private readonly options: NotifierOptions, private readonly faults: Faults) {}

  /** Queue one notification; `droppable` change notifications obey the drop fault, lifecycle ones do not. */
  enqueue(url: string, notification: Record<string, unknown>, droppable = true): void {
    if (this.closed) return;
    this.stats.queued++;
    if (droppable && this.faults.dropNotifications > 0 && this.faults.random() < this.faults.dropNotifications) {
      this.stats.dropped++;
      return;
    }
    let box = this.outboxes.get(url);
    if (!box) {
      box = { items: [], timer: null, slow: false };
      this.outboxes.set(url, box);
    }
    box.items.push(notification);
    if (box.items.length >= this.options.maxBatch) this.flush(url);
    else if (!box.timer) box.timer = setTimeout(() => this.flush(url), this.options.batchDelayMs);
  }

  /** Resolves once everything queued so far was delivered or given up. */
  async idle(): Promise<void> {
    for (;;) {
      for (const url of this.outboxes.keys()) this.flush(url);
      if (this.inFlight.size === 0) return;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  close(): void {
    this.closed = true;
    for (const box of this.outboxes.values()) if (box.timer) clearTimeout(box.timer);
  }

  private flush(url: string): void {
    const box = this.outboxes.get(url);
    if (!box) return;
    if (box.timer) clearTimeout(box.timer);
    box.timer = null;
    while (box.items.length > 0) {
      const batch = box.items.splice(0, this.options.maxBatch);
      const p = this.deliver(url, batch, box).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async deliver(url: string, batch: Record<string, unknown>[], box: Outbox): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) return;
      if (box.slow) {
        this.stats.slowDelays++;
        await sleep(this.options.slowDelayMs);
      }
      const started = Date.now();
      const okay = await this.post(url, batch);
      box.slow = Date.now() - started > this.options.slowThresholdMs;
      if (okay) {
        this.stats.delivered += batch.length;
        return;
      }
      this.stats.failedAttempts++;
      const delay = this.options.retryDelaysMs[attempt];
      if (delay === undefined) {
        this.stats.abandoned += batch.length;
        this.onAbandoned(url, batch);
        return;
      }
      await sleep(delay);
    }
  }

  private async post(url: string, batch: Record<string, unknown>[]): Promise<boolean> {
    this.stats.posts++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: batch }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 300;
    } catch {
      return false;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
