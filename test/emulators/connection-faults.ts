/**
 * Transport faults both emulators can inject, below the API's own error answers: a server that answers far too
 * late (beyond the connector's request timeout) and one that resets the TCP connection mid-response. A request
 * that is slowed or cut still runs its operation: the provider did the work, the client never heard. That is
 * the case idempotent actions and deterministic ids exist for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ConnectionFaultRule {
  /** `slow`: wait `delayMs` before handling. `reset`: handle, then cut the connection halfway through the answer. */
  kind: 'slow' | 'reset';
  /** Only requests whose path contains this. */
  pathIncludes?: string;
  method?: string;
  /** Chance per matching request, 0..1 (default 1). */
  probability?: number;
  /** Applications left; undefined = unlimited. */
  count?: number;
  /** For `slow` (default 60 s). */
  delayMs?: number;
}

export class ConnectionFaults {
  private rules: ConnectionFaultRule[] = [];
  /** How many requests each kind hit, for tests that check the faults happened. */
  readonly applied = { slow: 0, reset: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly random: () => number) {}

  add(rule: ConnectionFaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** Wakes every request still being slowed (so a closing emulator does not wait for them). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Applies the first matching rule to this exchange: waits for `slow`, or rigs the response so its end writes
   * half the body and destroys the socket (no body: the socket is destroyed before any byte of the answer).
   */
  async apply(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const rule = this.match(req.method ?? 'GET', path);
    if (!rule) return;
    this.applied[rule.kind]++;
    if (rule.kind === 'slow') {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, rule.delayMs ?? 60_000);
        this.timers.add(t);
      });
      return;
    }
    const end = res.end.bind(res) as (chunk?: unknown, encoding?: BufferEncoding) => ServerResponse;
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      const body = chunk === undefined || typeof chunk === 'function' ? Buffer.alloc(0) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      if (body.length < 2) {
        req.socket.destroy();
        return res;
      }
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return res;
    }) as typeof res.end;
    void end; // the real end is never called: the answer never completes
  }

  private match(method: string, path: string): ConnectionFaultRule | null {
    for (const r of this.rules) {
      if (r.count !== undefined && r.count <= 0) continue;
      if (r.method && r.method !== method) continue;
      if (r.pathIncludes && !path.includes(r.pathIncludes)) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      if (r.count !== undefined) r.count--;
      return r;
    }
    return null;
  }
}
