import type { Store } from '../store/store.ts';
import { ids } from './jobs.ts';
import type { GooglePushConfig, WebhookDeps } from './ports.ts';
import type { Queues } from './queues.ts';

/** What webhook handlers get: lookups in the store and an idempotent enqueue. No provider call, no scanning. */
export function createWebhookDeps(store: Store, queues: Queues, options: { googlePush?: GooglePushConfig } = {}): WebhookDeps {
  return {
    ...(options.googlePush ? { googlePush: options.googlePush } : {}),
    async findSubscription(provider, subscriptionId) {
      const s = await store.subscriptions.find(provider, subscriptionId);
      return s ? { tenantId: s.tenantId, mailboxId: s.mailboxId, secret: s.secret } : null;
    },
    async findMailboxByAddress(provider, address) {
      const m = await store.mailboxes.findByAddress(provider, address);
      return m ? { tenantId: m.tenantId, mailboxId: m.mailboxId } : null;
    },
    async enqueueNotification(job, dedupeKey) {
      await queues.notifications.add(job, ids.notification(job, dedupeKey));
    },
    async expireSubscription(provider, subscriptionId) {
      await store.subscriptions.expireNow(provider, subscriptionId);
    },
  };
}
