import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The `state` round-tripped through Entra ID admin consent: HMAC-signed, expiring, single use. It ties the
 * callback to a consent flow we started, so a forged or replayed callback cannot onboard a tenant.
 */
export class ConsentState {
  private readonly used = new Map<string, number>();

  constructor(private readonly secret: string, private readonly ttlMs = 10 * 60_000) {
    if (secret.length < 16) throw new Error('consent state secret must be at least 16 characters');
  }

  issue(now = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), e: now + this.ttlMs })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** True once per issued state, before it expires. */
  consume(state: string, now = Date.now()): boolean {
    const [payload, sig] = state.split('.');
    if (!payload || !sig) return false;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    let data: { n?: string; e?: number };
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return false;
    }
    if (typeof data.n !== 'string' || typeof data.e !== 'number' || data.e < now || this.used.has(data.n)) return false;
    for (const [n, exp] of this.used) if (exp < now) this.used.delete(n);
    this.used.set(data.n, data.e);
    return true;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
