import { errors, type GoogleApiError } from './google-errors.ts';

/** Gmail quota units per method (developers.google.com/gmail/api/reference/quota). */
export const QUOTA_UNITS: Record<string, number> = {
  getProfile: 1, 'labels.list': 1, 'labels.create': 5, 'labels.get': 1, 'filters.list': 1, 'filters.create': 5,
  'filters.delete': 5, 'messages.get': 5, 'messages.list': 5, 'messages.modify': 5, 'messages.batchModify': 50,
  'messages.trash': 5, 'messages.untrash': 5, 'messages.delete': 10, 'messages.insert': 25, 'messages.import': 25,
  'messages.send': 100, 'history.list': 2, watch: 100, stop: 50, 'users.list': 1,
};

/**
 * Per-user quota: a one-second window of units (Gmail's per-user limit is 250 units/s) plus injected faults
 * that make the next N calls of a user fail with 429 `rateLimitExceeded` or 403 `userRateLimitExceeded`.
 */
export class QuotaMeter {
  private readonly windows = new Map<string, { start: number; used: number }>();
  private readonly faults = new Map<string, { remaining: number; kind: '429' | '403' }>();
  /** How many calls were refused, per user. */
  readonly refused = new Map<string, number>();

  constructor(public unitsPerSecond = 250) {}

  injectThrottle(user: string, count: number, kind: '429' | '403'): void {
    this.faults.set(user.toLowerCase(), { remaining: count, kind });
  }

  /** Returns the error to answer with, or null when the call may proceed. */
  charge(user: string, method: string): GoogleApiError | null {
    const key = user.toLowerCase();
    const fault = this.faults.get(key);
    if (fault && fault.remaining > 0) {
      fault.remaining -= 1;
      return this.refuse(key, fault.kind);
    }
    const now = Date.now();
    const w = this.windows.get(key);
    const units = QUOTA_UNITS[method] ?? 5;
    if (!w || now - w.start >= 1000) {
      this.windows.set(key, { start: now, used: units });
      return null;
    }
    if (w.used + units > this.unitsPerSecond) return this.refuse(key, '429');
    w.used += units;
    return null;
  }

  private refuse(key: string, kind: '429' | '403'): GoogleApiError {
    this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
    return kind === '429' ? errors.rateLimit429(new Date(Date.now() + 1000)) : errors.userRateLimit403();
  }
}
