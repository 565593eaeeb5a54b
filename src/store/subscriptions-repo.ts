import type { Kysely } from 'kysely';
import type { ProviderId, SubscriptionState } from '../core/provider.ts';
import { openText, sealText, type Keyring } from './crypto.ts';
import type { Database } from './tables.ts';

export interface StoredSubscription {
  provider: ProviderId;
  tenantId: string;
  mailboxId: string;
  id: string;
  expiresAt: Date;
  /** Decrypted per-subscription secret (Graph clientState). */
  secret: string | null;
}

const context = (provider: string, id: string) => `subscription:${provider}:${id}`;

/** Push channels (Graph subscriptions, Gmail watches); their shared secrets sealed at rest. */
export function subscriptionsRepo(db: Kysely<Database>, ring: Keyring) {
  const decode = (r: Database['subscriptions']): StoredSubscription => ({
    provider: r.provider as ProviderId,
    tenantId: r.tenant_id,
    mailboxId: r.mailbox_id,
    id: r.subscription_id,
    expiresAt: new Date(r.expires_at),
    secret: r.secret_enc ? openText(ring, r.secret_enc, context(r.provider, r.subscription_id)) : null,
  });
  return {
    /** Stores the state a provider returned; replaces the mailbox's previous subscription if its id changed. */
    async save(provider: ProviderId, tenantId: string, mailboxId: string, state: Pick<SubscriptionState, 'id' | 'expiresAt' | 'secret'>): Promise<void> {
      const secret_enc = state.secret ? sealText(ring, state.secret, context(provider, state.id)) : null;
      const now = new Date().toISOString();
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('subscriptions').where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).where('provider', '=', provider).where('subscription_id', '!=', state.id).execute();
        await tx
          .insertInto('subscriptions')
          .values({ provider, subscription_id: state.id, tenant_id: tenantId, mailbox_id: mailboxId, expires_at: state.expiresAt.toISOString(), secret_enc, updated_at: now })
          .onConflict((oc) => oc.columns(['provider', 'subscription_id']).doUpdateSet({ expires_at: state.expiresAt.toISOString(), secret_enc, updated_at: now }))
          .execute();
      });
    },
    async find(provider: ProviderId, subscriptionId: string): Promise<StoredSubscription | null> {
      const r = await db.selectFrom('subscriptions').selectAll().where('provider', '=', provider).where('subscription_id', '=', subscriptionId).executeTakeFirst();
      return r ? decode(r) : null;
    },
    async forMailbox(tenantId: string, mailboxId: string): Promise<StoredSubscription | null> {
      const r = await db.selectFrom('subscriptions').selectAll().where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
      return r ? decode(r) : null;
    },
    /** Subscriptions that expire before `before`: the scheduler renews these. */
    async expiringBefore(before: Date): Promise<StoredSubscription[]> {
      return (await db.selectFrom('subscriptions').selectAll().where('expires_at', '<', before.toISOString()).orderBy('expires_at').execute()).map(decode);
    },
    /** Marks a subscription due for renewal now (provider lifecycle events); the next renewal tick handles it. */
    async expireNow(provider: ProviderId, subscriptionId: string): Promise<void> {
      await db.updateTable('subscriptions').set({ expires_at: new Date().toISOString(), updated_at: new Date().toISOString() }).where('provider', '=', provider).where('subscription_id', '=', subscriptionId).execute();
    },
    async remove(provider: ProviderId, subscriptionId: string): Promise<void> {
      await db.deleteFrom('subscriptions').where('provider', '=', provider).where('subscription_id', '=', subscriptionId).execute();
    },
  };
}
