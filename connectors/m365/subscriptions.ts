/**
 * One Graph subscription per mailbox on `users/{id}/messages` (created), which covers the Inbox, Sent Items
 * and the hold folder; `listChanges` keeps only those folders. Each has a random clientState. `ensure` with an
 * existing subscription renews it (PATCH), which Graph also accepts as reauthorization; a subscription Graph no
 * longer knows is recreated, keeping the old delta cursor so the gap is caught up.
 */
import { randomBytes } from 'node:crypto';
import { isAppError } from '../../src/core/errors.ts';
import type { MailboxRef, SubscriptionState } from '../../src/core/provider.ts';
import { IMMUTABLE_IDS, seg, type GraphApi } from './graph-api.ts';

interface SubscriptionJson {
  id: string;
  expirationDateTime: string;
}

export function lifecycleUrlFor(notificationUrl: string): string {
  return `${notificationUrl.replace(/\/+$/, '')}/lifecycle`;
}

export class SubscriptionManager {
  constructor(private readonly api: GraphApi, private readonly minutes: number, private readonly baseline: (mailboxId: string) => Promise<string>) {}

  /** With `existing`, always renews: the scheduler decides when renewal is due. */
  async ensure(mailbox: MailboxRef, existing: SubscriptionState | null, notificationUrl: string): Promise<SubscriptionState> {
    if (existing) {
      try {
        const renewed: SubscriptionJson = await this.api.call('*', 'renew subscription', (c) => c.api(`/subscriptions/${seg(existing.id)}`).patch({ expirationDateTime: this.expiry() }));
        return { ...existing, expiresAt: new Date(renewed.expirationDateTime) };
      } catch (err) {
        if (!isAppError(err) || err.code !== 'not_found') throw err;
      }
    }
    const secret = randomBytes(32).toString('base64url');
    const cursor = existing?.cursor ?? (await this.baseline(mailbox.mailboxId));
    const created: SubscriptionJson = await this.api.call('*', 'create subscription', (c) =>
      c.api('/subscriptions').headers(IMMUTABLE_IDS).post({
        changeType: 'created',
        notificationUrl,
        lifecycleNotificationUrl: lifecycleUrlFor(notificationUrl),
        resource: `users/${mailbox.mailboxId}/messages`,
        expirationDateTime: this.expiry(),
        clientState: secret,
        latestSupportedTlsVersion: 'v1_2',
      }),
    );
    return { id: created.id, expiresAt: new Date(created.expirationDateTime), secret, cursor };
  }

  async reauthorize(existing: SubscriptionState): Promise<void> {
    await this.api.call('*', 'reauthorize subscription', (c) => c.api(`/subscriptions/${seg(existing.id)}/reauthorize`).post({}));
  }

  async remove(existing: SubscriptionState): Promise<void> {
    try {
      await this.api.call('*', 'delete subscription', (c) => c.api(`/subscriptions/${seg(existing.id)}`).delete());
    } catch (err) {
      if (!isAppError(err) || err.code !== 'not_found') throw err;
    }
  }

  private expiry(): string {
    return new Date(Date.now() + this.minutes * 60_000).toISOString();
  }
}
