import { isAppError } from '../core/errors.ts';
import type { FailureDecision } from './queue/types.ts';

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Longest wait we accept from a provider's Retry-After before treating it as a failure to retry later. */
const MAX_RETRY_AFTER_MS = 3600_000;

/**
 * The one mapping from a thrown error to queue behaviour. AppErrors were classified at the connector
 * boundary; anything else is unexpected and retried (it may be transient), then dead-lettered.
 * - already_done → the work is done (success).
 * - not retryable (forbidden, consent_revoked, invalid_input, …) → dead letter at once.
 * - retryable → exponential backoff (base·2^(attempt-1), capped), or the provider's Retry-After when longer.
 */
export function decideFailure(err: unknown, attempt: number, options: RetryOptions): FailureDecision {
  const code = isAppError(err) ? err.code : 'unexpected';
  if (isAppError(err) && err.code === 'already_done') return { kind: 'done', code };
  const reason = err instanceof Error ? err.message : String(err);
  if (isAppError(err) && !err.retryable) return { kind: 'dead', code, reason };
  if (attempt >= options.maxAttempts) return { kind: 'dead', code, reason: `gave up after ${attempt} attempts: ${reason}` };
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const retryAfter = isAppError(err) && err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
  return { kind: 'retry', delayMs: Math.max(backoff, retryAfter), code };
}
