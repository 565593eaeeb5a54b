import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { decideFailure } from '../../../src/pipeline/error-policy.ts';

const opts = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

describe('decideFailure', () => {
  it('backs off exponentially with a cap', () => {
    const err = new AppError('provider_unavailable', 'down');
    expect([1, 2, 3, 4].map((a) => decideFailure(err, a, opts))).toEqual([
      { kind: 'retry', delayMs: 1000, code: 'provider_unavailable' },
      { kind: 'retry', delayMs: 2000, code: 'provider_unavailable' },
      { kind: 'retry', delayMs: 4000, code: 'provider_unavailable' },
      { kind: 'retry', delayMs: 8000, code: 'provider_unavailable' },
    ]);
    expect(decideFailure(err, 5, opts).kind).toBe('dead');
  });

  it("honours the provider's Retry-After when longer than the backoff, not when shorter", () => {
    expect(decideFailure(new AppError('throttled', 'slow down', { retryAfterMs: 30_000 }), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 30_000 });
    expect(decideFailure(new AppError('throttled', 'slow down', { retryAfterMs: 10 }), 2, opts)).toMatchObject({ kind: 'retry', delayMs: 2000 });
  });

  it('dead-letters non-retryable errors at once and treats already_done as success', () => {
    expect(decideFailure(new AppError('consent_revoked', 'admin revoked'), 1, opts)).toMatchObject({ kind: 'dead', code: 'consent_revoked' });
    expect(decideFailure(new AppError('forbidden', 'no'), 1, opts).kind).toBe('dead');
    expect(decideFailure(new AppError('already_done', 'moved'), 1, opts)).toEqual({ kind: 'done', code: 'already_done' });
  });

  it('retries unexpected errors (they may be transient) until attempts run out', () => {
    expect(decideFailure(new Error('boom'), 1, opts)).toMatchObject({ kind: 'retry', code: 'unexpected' });
    expect(decideFailure(new Error('boom'), 5, opts)).toMatchObject({ kind: 'dead', code: 'unexpected' });
  });
});
