/**
 * The work allowance of one message's attachment analysis. Every archive entry, every inflated byte and the
 * wall clock draw from it; the counters double as the proof, in tests, that a hostile file was stopped by a
 * limit rather than by luck.
 */
import type { Limits } from '../limits.ts';

/** What the analysis did, reported on each root node's `scan.work`. */
export interface WorkCounters {
  /** Files (root attachments and nested entries) turned into nodes. */
  nodes: number;
  /** Archive entries listed. */
  entries: number;
  /** Bytes produced by decompression. */
  expandedBytes: number;
  /** Decompressions started. */
  inflations: number;
  /** Passwords tried on encrypted Office documents (each one a key derivation). */
  passwordTries: number;
  /** Hash rounds those key derivations cost (their spin counts), charged against `maxPasswordHashes`. */
  passwordHashes: number;
  /** Limits that were hit, by name. */
  limitsHit: string[];
}

export class AnalysisBudget {
  readonly limits: Limits;
  readonly counters: WorkCounters = { nodes: 0, entries: 0, expandedBytes: 0, inflations: 0, passwordTries: 0, passwordHashes: 0, limitsHit: [] };
  /** Passwords the message gives for its attachments, tried on encrypted zips, PDFs and Office documents (see password-candidates.ts). */
  passwords: readonly string[] = [];
  private readonly deadline: number;

  constructor(limits: Limits, now: number = performance.now()) {
    this.limits = limits;
    this.deadline = now + limits.attachmentBudgetMs;
  }

  /** False once the time budget is spent (records the hit once). */
  hasTime(): boolean {
    if (performance.now() <= this.deadline) return true;
    this.hit('time_budget');
    return false;
  }

  /** Milliseconds left of the time budget (0 when spent). */
  remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  /** Claims one archive entry; false when the message's entry allowance is used up. */
  takeEntry(): boolean {
    if (this.counters.entries >= this.limits.maxArchiveEntries) {
      this.hit('entry_limit');
      return false;
    }
    this.counters.entries++;
    return true;
  }

  /**
   * Claims one password try that costs `hashes` hash rounds; false when the message's allowance cannot pay for
   * it, so fifty encrypted attachments cost no more than a few tries each would alone.
   */
  takePasswordTry(hashes: number): boolean {
    if (this.counters.passwordHashes + hashes > this.limits.maxPasswordHashes) {
      this.hit('password_hashes');
      return false;
    }
    this.counters.passwordTries++;
    this.counters.passwordHashes += hashes;
    return true;
  }

  remainingExpandedBytes(): number {
    return Math.max(0, this.limits.maxExpandedBytes - this.counters.expandedBytes);
  }

  addExpanded(bytes: number): void {
    this.counters.expandedBytes += bytes;
  }

  hit(limit: string): void {
    if (!this.counters.limitsHit.includes(limit)) this.counters.limitsHit.push(limit);
  }
}
