import type { Router } from 'express';
import type { ProviderId } from '../../core/provider.ts';
import type { Logger } from '../../observability/logger.ts';
import type { WebhookDeps } from '../../pipeline/ports.ts';
import { googleWebhook } from './google.ts';
import { m365Webhook } from './m365.ts';

/**
 * Builds the router mounted at /webhooks/<provider>. Handlers verify, enqueue, answer; nothing else. They log
 * through the app's logger (a child named after the receiver), so its redaction and destination apply to webhook
 * traffic too.
 */
export type WebhookFactory = (deps: WebhookDeps, logger: Logger) => Router;

/**
 * The one registry of webhook receivers. Connector helpers add one entry each (m365, google). The memory
 * provider's receiver is mounted by the app only when development routes are on (see app.ts).
 */
export const WEBHOOKS: Partial<Record<Exclude<ProviderId, 'memory'>, WebhookFactory>> = {
  google: (deps, logger) => googleWebhook(deps, { logger }),
  m365: (deps, logger) => m365Webhook(deps, { logger }),
};
