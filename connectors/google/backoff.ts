import { AppError } from '../../src/core/errors.ts';
import { toAppError } from './google-errors.ts';

export interface BackoffPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Injected so tests count waits instead of sleeping. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  attempts: 5,
  baseMs: 250,
  maxMs: 8000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/**
 * Runs one Google call, classifying failures; throttling (429, 403 userRateLimitExceeded) and 5xx are retried
 * with exponential back-off and full jitter (Gmail's documented advice), honouring Retry-After when given. The
 * last error is thrown as an AppError so the queue can retry later.
 */
export async function withBackoff<T>(what: string, fn: () => Promise<T>, policy: BackoffPolicy = DEFAULT_BACKOFF): Promise<T> {
  let lastErr: AppError | null = null;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const e = toAppError(err, what);
      if (e.code !== 'throttled' && e.code !== 'provider_unavailable') throw e;
      lastErr = e;
      if (attempt === policy.attempts - 1) break;
      const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
      await policy.sleep(e.retryAfterMs ?? Math.floor(cap / 2 + Math.random() * (cap / 2)));
    }
  }
  throw lastErr!;
}
