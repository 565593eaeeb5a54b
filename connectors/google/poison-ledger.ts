import type { SkippedChange } from '../../src/core/provider.ts';
const MAX_KEPT = 1000;

/**
 * Counts failures per history entry so one bad entry cannot wedge a mailbox: below the limit the failure is
 * rethrown (the batch is retried and the cursor stays put); at the limit the entry is skipped and recorded.
 * In memory, shared by the process (providers are rebuilt every minute by the pipeline's cache, the counts
 * must outlive them); after a restart an entry gets its N tries again, which is harmless.
 */
export class PoisonLedger {
  private readonly failures = new Map<string, number>();
  /** Entries given up on, with why (the pipeline records them; nothing is skipped silently). */
  readonly skipped: { key: string; reason: string; at: string }[] = [];

  constructor(readonly limit = 3) {}

  /** Entries whose key starts with `prefix` skipped after `mark` (a value of `total` taken earlier). */
  since(mark: number, prefix: string): SkippedChange[] {
    const fresh = Math.min(this.total - mark, this.skipped.length);
    if (fresh <= 0) return [];
    // Keys end with the Gmail message id (tenant|mailbox|historyRecord|message), which the pipeline records.
    return this.skipped
      .slice(-fresh)
      .filter((s) => s.key.startsWith(prefix))
      .map((s) => ({ ref: s.key, reason: s.reason, messageId: s.key.slice(s.key.lastIndexOf('|') + 1) }));
  }

  /** How many entries were ever skipped (a mark for `since`). */
  get total(): number {
    return this.count;
  }
  private count = 0;

  /** Returns true when the entry should now be skipped. */
  fail(key: string, reason: string): boolean {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    if (n < this.limit) return false;
    this.failures.delete(key);
    this.skipped.push({ key, reason, at: new Date().toISOString() });
    this.count += 1;
    if (this.skipped.length > MAX_KEPT) this.skipped.splice(0, this.skipped.length - MAX_KEPT);
    return true;
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
