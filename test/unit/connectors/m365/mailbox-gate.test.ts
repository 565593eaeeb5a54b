import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/core/errors.ts';
import { MailboxGate, sharedGate } from '../../../../connectors/m365/mailbox-gate.ts';

/** Resolvable promises so the test controls when each call finishes, without timers. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('MailboxGate', () => {
  it('never runs more than the cap per mailbox, and hands slots over without overshoot', async () => {
    const gate = new MailboxGate({ maxConcurrent: 4, maxAttempts: 1, maxRetryAfterMs: 0, baseBackoffMs: 0 });
    let active = 0;
    let peak = 0;
    const gates = Array.from({ length: 20 }, () => deferred());
    const runs = gates.map((d) =>
      gate.run('box', async () => {
        active++;
        peak = Math.max(peak, active);
        await d.promise;
        active--;
      }),
    );
    // a second mailbox is not held up by the first
    await gate.run('other', async () => undefined);
    for (const d of gates) {
      await Promise.resolve();
      d.resolve();
      // a new caller racing with the handover must not sneak in past the cap
      void gate.run('box', async () => {
        active++;
        peak = Math.max(peak, active);
        active--;
      });
    }
    await Promise.all(runs);
    expect(peak).toBe(4);
    expect(gate.peaks.get('box')).toBe(4);
  });

  it('retries throttled calls after Retry-After, releasing the slot while waiting', async () => {
    const waits: number[] = [];
    const gate = new MailboxGate({ maxConcurrent: 1, maxAttempts: 5, maxRetryAfterMs: 10_000, baseBackoffMs: 100 }, async (ms) => {
      waits.push(ms);
    });
    let calls = 0;
    const result = await gate.run('box', async () => {
      calls++;
      if (calls === 1) throw new AppError('throttled', '429', { retryAfterMs: 3000 });
      if (calls === 2) throw new AppError('provider_unavailable', '503');
      return 'done';
    });
    expect(result).toBe('done');
    expect(waits).toEqual([3000, 200]);
  });

  it('gives up: non-retryable errors at once, retryable ones after maxAttempts or a too-long Retry-After', async () => {
    const gate = new MailboxGate({ maxConcurrent: 1, maxAttempts: 3, maxRetryAfterMs: 5000, baseBackoffMs: 1 }, async () => {});
    let calls = 0;
    await expect(gate.run('b', async () => { calls++; throw new AppError('not_found', 'x'); })).rejects.toMatchObject({ code: 'not_found' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(gate.run('b', async () => { calls++; throw new AppError('throttled', 'x', { retryAfterMs: 1 }); })).rejects.toMatchObject({ code: 'throttled' });
    expect(calls).toBe(3);
    await expect(gate.run('b', async () => { throw new AppError('throttled', 'x', { retryAfterMs: 60_000 }); })).rejects.toMatchObject({ code: 'throttled', retryAfterMs: 60_000 });
  });

  it('a provider rebuilt with edited limits gets the same shared gate, now with those limits', async () => {
    const key = `edited-${Date.now()}`;
    const first = sharedGate(key, { maxConcurrent: 4, maxAttempts: 8, maxRetryAfterMs: 0, baseBackoffMs: 0 });
    const second = sharedGate(key, { maxConcurrent: 4, maxAttempts: 1, maxRetryAfterMs: 0, baseBackoffMs: 0 });
    expect(second).toBe(first);
    let calls = 0;
    await expect(second.run('box', async () => {
      calls++;
      throw new AppError('provider_unavailable', 'down');
    })).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect(calls).toBe(1);
  });
});
