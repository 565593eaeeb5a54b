import { describe, expect, it } from 'vitest';
import { Throttle } from '../../../emulators/m365/throttle.ts';

describe('emulated Exchange throttling', () => {
  it('admits 4 concurrent per key, rejects the 5th with MailboxConcurrency, admits again after a release', () => {
    const t = new Throttle({ maxConcurrent: 4, maxPerWindow: 100, windowMs: 1000, retryAfterSeconds: 2 });
    const held = Array.from({ length: 4 }, () => t.admit('app|box', 0));
    expect(held.every((a) => a.ok)).toBe(true);
    const fifth = t.admit('app|box', 0);
    expect(fifth).toMatchObject({ ok: false, reason: 'MailboxConcurrency', retryAfterSeconds: 2 });
    fifth.release();
    expect(t.admit('app|other', 0).ok).toBe(true);
    held[0].release();
    held[0].release(); // double release is harmless
    expect(t.admit('app|box', 0).ok).toBe(true);
    expect(t.admit('app|box', 0).ok).toBe(false);
    expect(t.peak('app|box')).toBe(5);
  });

  it('rejects past the window budget until the window rolls over', () => {
    const t = new Throttle({ maxConcurrent: 4, maxPerWindow: 3, windowMs: 600_000, retryAfterSeconds: 1 });
    for (let i = 0; i < 3; i++) t.admit('k', 1000).release();
    const over = t.admit('k', 61_000);
    expect(over).toMatchObject({ ok: false, reason: 'MailboxRequestLimit', retryAfterSeconds: 540 });
    over.release();
    const next = t.admit('k', 601_000);
    expect(next.ok).toBe(true);
  });
});
