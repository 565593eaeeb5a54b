/**
 * Exchange Online's per app-and-mailbox limits: 4 concurrent requests and 10,000 requests per 10 minutes.
 * Over either limit → 429 ApplicationThrottled with Retry-After. Peak concurrency is recorded *including*
 * the requests that were rejected, so a test can prove a client never even tried more than 4 at once.
 */
export interface ThrottleOptions {
  maxConcurrent: number;
  maxPerWindow: number;
  windowMs: number;
  retryAfterSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maxConcurrent: 4, maxPerWindow: 10_000, windowMs: 600_000, retryAfterSeconds: 1 };

interface Bucket {
  inFlight: number;
  peak: number;
  windowStart: number;
  count: number;
  rejected: number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'MailboxConcurrency' | 'MailboxRequestLimit'; retryAfterSeconds: number; release: () => void };

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly options: ThrottleOptions) {}

  admit(key: string, now = Date.now()): Admission {
    let b = this.buckets.get(key);
    if (!b) {
      b = { inFlight: 0, peak: 0, windowStart: now, count: 0, rejected: 0 };
      this.buckets.set(key, b);
    }
    const bucket = b;
    bucket.inFlight++;
    bucket.peak = Math.max(bucket.peak, bucket.inFlight);
    let released = false;
    const release = () => {
      if (!released) bucket.inFlight--;
      released = true;
    };
    if (now - bucket.windowStart >= this.options.windowMs) {
      bucket.windowStart = now;
      bucket.count = 0;
    }
    if (bucket.inFlight > this.options.maxConcurrent) {
      bucket.rejected++;
      return { ok: false, reason: 'MailboxConcurrency', retryAfterSeconds: this.options.retryAfterSeconds, release };
    }
    if (bucket.count >= this.options.maxPerWindow) {
      bucket.rejected++;
      const left = Math.ceil((bucket.windowStart + this.options.windowMs - now) / 1000);
      return { ok: false, reason: 'MailboxRequestLimit', retryAfterSeconds: Math.max(1, left), release };
    }
    bucket.count++;
    return { ok: true, release };
  }

  /** Peak concurrent attempts seen for a key (app|mailbox). */
  peak(key: string): number {
    return this.buckets.get(key)?.peak ?? 0;
  }

  stats(): Record<string, { peak: number; count: number; rejected: number }> {
    const out: Record<string, { peak: number; count: number; rejected: number }> = {};
    for (const [k, b] of this.buckets) out[k] = { peak: b.peak, count: b.count, rejected: b.rejected };
    return out;
  }

  reset(): void {
    this.buckets.clear();
  }
}
