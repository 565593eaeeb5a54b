/**
 * Per-mailbox concurrency cap and retry policy for every Graph call. Exchange allows 4 concurrent requests per
 * app and mailbox; going over earns 429s for everyone. A call holds a slot only while its request is in flight:
 * when throttled it gives the slot back, waits Retry-After, and queues again.
 */
import { AppError, isAppError } from '../../src/core/errors.ts';

export interface GateOptions {
  maxConcurrent: number;
  maxAttempts: number;
  maxRetryAfterMs: number;
  /** Wait when the provider gave no Retry-After (doubled per attempt). */
  baseBackoffMs: number;
}

interface Lane {
  active: number;
  waiting: (() => void)[];
}

export class MailboxGate {
  private readonly lanes = new Map<string, Lane>();
  /** Highest concurrency ever reached per key, for tests and metrics. */
  readonly peaks = new Map<string, number>();
  retries = 0;

  constructor(private options: GateOptions, private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  reconfigure(options: GateOptions): void {
    this.options = options;
  }

  /** Run `call` for `key` under the cap, retrying retryable AppErrors. `call` must throw AppErrors. */
  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.acquire(key);
      let error: unknown;
      try {
        return await call();
      } catch (err) {
        error = err;
      } finally {
        this.release(key);
      }
      if (!isAppError(error) || !error.retryable || attempt >= this.options.maxAttempts) throw error;
      if (!['throttled', 'provider_unavailable', 'timeout'].includes(error.code)) throw error;
      const wait = error.retryAfterMs ?? this.options.baseBackoffMs * 2 ** (attempt - 1);
      if (wait > this.options.maxRetryAfterMs) {
        throw new AppError(error.code, `${error.message} (asked to wait ${wait} ms)`, { retryAfterMs: wait, cause: error });
      }
      this.retries++;
      await this.sleep(wait);
    }
  }

  private async acquire(key: string): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.active < this.options.maxConcurrent) lane.active++;
    // A full lane: wait until a finishing call hands its slot over (active stays the same across the handover).
    else await new Promise<void>((resolve) => lane!.waiting.push(resolve));
    this.peaks.set(key, Math.max(this.peaks.get(key) ?? 0, lane.active));
  }

  private release(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    if (next) next();
    else if (--lane.active === 0) this.lanes.delete(key);
  }
}

const SHARED = new Map<string, MailboxGate>();

/**
 * One gate per app and tenant in this process, whatever number of provider instances are built for it (the
 * pipeline rebuilds providers from stored settings): Exchange counts concurrency per app and mailbox, so the
 * cap must too.
 */
export function sharedGate(key: string, options: GateOptions): MailboxGate {
  let gate = SHARED.get(key);
  if (!gate) {
    gate = new MailboxGate(options);
    SHARED.set(key, gate);
  }
  // The pipeline rebuilds a tenant's provider from its stored settings: edited limits apply from then on,
  // while the lanes (the calls in flight) carry over.
  gate.reconfigure(options);
  return gate;
}
