/**
 * Counts failures per history entry so one bad entry cannot wedge a mailbox: below the limit the failure is
 * rethrown (the batch is retried and the cursor stays put); at the limit the entry is skipped and recorded.
 * In memory per provider instance: after a restart an entry gets its N tries again, which is harmless.
 */
export class PoisonLedger {
  private readonly failures = new Map<string, number>();
  /** Entries given up on, with why (the pipeline records them; nothing is skipped silently). */
  readonly skipped: { key: string; reason: string; at: string }[] = [];

  constructor(readonly limit = 3) {}

  /** Entries skipped since `mark` (an index into `skipped`). */
  since(mark: number): { ref: string; reason: string }[] {
    return this.skipped.slice(mark).map((s) => ({ ref: s.key, reason: s.reason }));
  }

  /** Returns true when the entry should now be skipped. */
  fail(key: string, reason: string): boolean {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    if (n < this.limit) return false;
    this.failures.delete(key);
    this.skipped.push({ key, reason, at: new Date().toISOString() });
    return true;
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
