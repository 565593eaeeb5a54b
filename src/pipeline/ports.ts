import type { ChangeTrigger, ProviderId } from '../core/provider.ts';

/**
 * What the webhook handlers (src/http/webhooks/*) need from the service, and nothing more: find the
 * subscription a notification names, and enqueue work. Handlers verify, enqueue, answer; they never scan and
 * never call a provider.
 */
export interface NotificationJob {
  provider: ProviderId;
  tenantId: string;
  mailboxId: string;
  trigger: ChangeTrigger;
  /** ISO time the webhook received it. */
  receivedAt: string;
}

export interface KnownSubscription {
  tenantId: string;
  mailboxId: string;
  /** The per-subscription secret (Graph clientState), decrypted; null where the provider has none. */
  secret: string | null;
}

export interface WebhookDeps {
  /** The subscription a Graph notification names, or null when we never created it. */
  findSubscription(provider: ProviderId, subscriptionId: string): Promise<KnownSubscription | null>;
  /** The protected mailbox with this address (Gmail push names the address), or null. */
  findMailboxByAddress(provider: ProviderId, address: string): Promise<{ tenantId: string; mailboxId: string } | null>;
  /**
   * Enqueue a notification job. `dedupeKey` makes the job id deterministic so a replayed notification
   * collapses into the first. Rejects only when the queue cannot take the job (the handler then answers 5xx).
   */
  enqueueNotification(job: NotificationJob, dedupeKey: string): Promise<void>;
  /**
   * Mark a push channel due for renewal now (Graph lifecycle `reauthorizationRequired`/`subscriptionRemoved`):
   * the scheduler's next renewal reauthorizes it, or recreates it and catches up. No provider call here.
   */
  expireSubscription?(provider: ProviderId, subscriptionId: string): Promise<void>;
  /** How Gmail pushes are authenticated; without it POST /webhooks/google accepts nothing. */
  googlePush?: GooglePushConfig;
}

/** Pub/Sub push OIDC verification for POST /webhooks/google. */
export interface GooglePushConfig {
  /** The `aud` the push subscription signs with (set on the subscription; usually the webhook URL). */
  audience: string;
  /** Service accounts allowed to push (the subscription's push identity); compared with the `email` claim. */
  serviceAccountEmails: string[];
  /** Where Google's signing keys are read (default https://www.googleapis.com/oauth2/v1/certs). */
  certsUrl?: string;
  /** Clock leeway for exp/iat, seconds (default 30). */
  leewaySec?: number;
}
