import type { Store } from '../store/store.ts';
import { ids } from './jobs.ts';
import type { GooglePushConfig, WebhookDeps } from './ports.ts';
import type { Queues } from './queues.ts';
import { subscriptionCache } from './subscription-cache.ts';

/**
 * What webhook handlers get: lookups in the store and an idempotent enqueue. No provider call, no scanning.
 * Subscription lookups go through a short-lived cache (see subscription-cache.ts): the ack path then costs
 * one Redis round trip and no database read.
 */
export function createWebhookDeps(store: Store, queues: Queues, options: { googlePush?: GooglePushConfig; subscriptionTtlMs?: number } = {}): WebhookDeps {
  const subscriptions = subscriptionCache(async (provider, subscriptionId) => {
    const s = await store.subscriptions.find(provider, subscriptionId);
    return s ? { tenantId: s.tenantId, mailboxId: s.mailboxId, secret: s.secret } : null;
  }, options.subscriptionTtlMs === undefined ? {} : { ttlMs: options.subscriptionTtlMs });
  return {
    ...(options.googlePush ? { googlePush: options.googlePush } : {}),
    findSubscription: (provider, subscriptionId) => subscriptions.find(provider, subscriptionId),
    async findMailboxByAddress(provider, address) {
      const m = await store.mailboxes.findByAddress(provider, address);
      return m ? { tenantId: m.tenantId, mailboxId: m.mailboxId } : null;
    },
    async enqueueNotification(job, dedupeKey) {
      await queues.notifications.add(job, ids.notification(job, dedupeKey));
    },
    async expireSubscription(provider, subscriptionId) {
      subscriptions.invalidate(provider, subscriptionId);
      await store.subscriptions.expireNow(provider, subscriptionId);
    },
  };
}
