import type { AppConfig } from '../config/schema.ts';
import type { MailboxProvider, MailboxRef } from '../core/provider.ts';
import type { ScanEngine } from '../engine/scan-message.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/store.ts';
import type { Queues } from './queues.ts';
import type { Semaphore } from './semaphore.ts';
import type { Directory } from './directory.ts';

export type PipelineConfig = Pick<
  AppConfig,
  'SCAN_MAX_BYTES' | 'MAILBOX_PROVIDER_CONCURRENCY' | 'PUBLIC_URL' | 'SUBSCRIPTION_RENEW_BEFORE_MS' | 'CATCHUP_AFTER_MS' | 'HOLD_MAX_WAIT_SECONDS' | 'ALERT_FROM' | 'JOB_ATTEMPTS' | 'RULE_PACKS'
>;

/** Everything a worker needs, built once per process (see runtime.ts). */
export interface PipelineContext {
  config: PipelineConfig;
  store: Store;
  queues: Queues;
  semaphore: Semaphore;
  engine: ScanEngine;
  providers: ProviderCache;
  directory: Directory;
  logger: Logger;
  metrics: Metrics;
}

/** Provider instances per tenant, built from the tenant's decrypted connection settings. */
export interface ProviderCache {
  get(tenantId: string): Promise<MailboxProvider>;
}

/** Runs a provider call within the mailbox's cap on concurrent provider calls (shared across processes). */
export async function withProviderSlot<T>(ctx: PipelineContext, mailbox: MailboxRef, call: () => Promise<T>): Promise<T> {
  const release = await ctx.semaphore.acquire(`provider:${mailbox.tenantId}:${mailbox.mailboxId}`, ctx.config.MAILBOX_PROVIDER_CONCURRENCY, { ttlMs: 120_000 });
  try {
    return await call();
  } finally {
    await release();
  }
}
