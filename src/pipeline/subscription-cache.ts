import type { ProviderId } from '../core/provider.ts';
import type { KnownSubscription } from './ports.ts';

/** How long a known subscription is trusted without a store read, and how many are kept. */
export interface SubscriptionCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Known push subscriptions for the webhook path, so acknowledging a Graph notification costs no database read
 * (under load the read and the secret's decryption were the largest share of the API's CPU per ack).
 *
 * Why this is safe:
 * - A subscription's clientState never changes under the same id (renewal keeps both; a recreated
 *   subscription gets a new id and a new secret), so a cached entry can only be stale by no longer existing.
 * - Entries live `ttlMs` (60 s): a subscription deleted by another process (mailbox removed, tenant
 *   offboarded) stops being accepted within that; what slips through is enqueued and dropped by the worker,
 *   which reads the store.
 * - Misses are not cached: Graph can notify a new subscription before its creator has saved it, and a cached
 *   "unknown" would turn those notifications away for the whole TTL.
 * - `invalidate` is called where this process changes a subscription (lifecycle events).
 * Concurrent lookups of one id share one store read.
 */
export function subscriptionCache(load: (provider: ProviderId, id: string) => Promise<KnownSubscription | null>, options: SubscriptionCacheOptions = {}) {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: KnownSubscription; expiresAt: number }>();
  const inFlight = new Map<string, Promise<KnownSubscription | null>>();

  const keyOf = (provider: ProviderId, id: string) => `${provider}\u0000${id}`;
  return {
    async find(provider: ProviderId, id: string): Promise<KnownSubscription | null> {
      const key = keyOf(provider, id);
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.value;
      if (hit) entries.delete(key);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = load(provider, id).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const value = await pending;
      if (value) {
        // Maps iterate in insertion order: dropping the first key drops the oldest entry.
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { value, expiresAt: now() + ttlMs });
      }
      return value;
    },
    invalidate(provider: ProviderId, id: string): void {
      entries.delete(keyOf(provider, id));
    },
    get size(): number {
      return entries.size;
    },
  };
}
