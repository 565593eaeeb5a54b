/**
 * Faults a test can inject into the emulator. Each rule matches requests and applies once per match until its
 * count runs out (or forever when no count). Randomness is seeded so a failing run can be replayed.
 */
export interface FaultRule {
  kind: '429' | '503' | 'latency';
  /** Only requests whose Graph path (below /v1.0) contains this. */
  pathIncludes?: string;
  method?: string;
  /** Only this mailbox (user id). */
  userId?: string;
  /** Chance per matching request, 0..1 (default 1). */
  probability?: number;
  /** Applications left; undefined = unlimited. */
  count?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
}

/** mulberry32: tiny deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private rules: FaultRule[] = [];
  /** Chance that a change notification is silently dropped. */
  dropNotifications = 0;
  /** Delta tokens issued before this time answer 410 SyncStateNotFound. */
  deltaTokensValidAfter = 0;
  readonly random: () => number;

  constructor(seed = 42) {
    this.random = seededRandom(seed);
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
    this.dropNotifications = 0;
  }

  /** Faults that apply to this request, consuming their counts. */
  match(method: string, path: string, userId: string | undefined): FaultRule[] {
    const hits: FaultRule[] = [];
    for (const r of this.rules) {
      if (r.count !== undefined && r.count <= 0) continue;
      if (r.method && r.method !== method) continue;
      if (r.pathIncludes && !path.includes(r.pathIncludes)) continue;
      if (r.userId && r.userId !== userId) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      if (r.count !== undefined) r.count--;
      hits.push(r);
    }
    return hits;
  }
}
