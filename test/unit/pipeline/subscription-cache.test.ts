import { describe, expect, it } from 'vitest';
import type { KnownSubscription } from '../../../src/pipeline/ports.ts';
import { subscriptionCache } from '../../../src/pipeline/subscription-cache.ts';

function world() {
  const stored = new Map<string, KnownSubscription>([['sub-1', { tenantId: 't', mailboxId: 'm1', secret: 's1' }]]);
  let reads = 0;
  let clock = 0;
  const cache = subscriptionCache(
    async (_provider, id) => {
      reads++;
      await new Promise((r) => setImmediate(r));
      return stored.get(id) ?? null;
    },
    { ttlMs: 1000, maxEntries: 2, now: () => clock },
  );
  return { stored, cache, reads: () => reads, advance: (ms: number) => (clock += ms) };
}

describe('subscription cache (webhook ack path)', () => {
  it('reads the store once per subscription within the TTL, and concurrent lookups share the read', async () => {
    const w = world();
    const found = await Promise.all([w.cache.find('m365', 'sub-1'), w.cache.find('m365', 'sub-1'), w.cache.find('m365', 'sub-1')]);
    expect(found.every((f) => f?.secret === 's1')).toBe(true);
    await w.cache.find('m365', 'sub-1');
    expect(w.reads()).toBe(1);
    w.advance(1001);
    await w.cache.find('m365', 'sub-1');
    expect(w.reads()).toBe(2);
  });

  it('does not remember unknown subscriptions: one saved a moment later is accepted at once', async () => {
    const w = world();
    expect(await w.cache.find('m365', 'sub-new')).toBeNull();
    w.stored.set('sub-new', { tenantId: 't', mailboxId: 'm2', secret: 's2' });
    expect((await w.cache.find('m365', 'sub-new'))?.mailboxId).toBe('m2');
  });

  it('forgets an invalidated subscription, keys by provider, and stays within its size bound', async () => {
    const w = world();
    await w.cache.find('m365', 'sub-1');
    w.stored.delete('sub-1');
    w.cache.invalidate('m365', 'sub-1');
    expect(await w.cache.find('m365', 'sub-1')).toBeNull();
    expect(await w.cache.find('google', 'sub-1')).toBeNull();
    for (let i = 0; i < 5; i++) w.stored.set(`s${i}`, { tenantId: 't', mailboxId: `m${i}`, secret: null });
    for (let i = 0; i < 5; i++) await w.cache.find('m365', `s${i}`);
    expect(w.cache.size).toBe(2);
  });
});
