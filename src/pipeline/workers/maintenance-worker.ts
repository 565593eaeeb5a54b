import { isAppError } from '../../core/errors.ts';
import type { PipelineContext } from '../context.ts';
import { ids, type MaintenanceJob } from '../jobs.ts';
import type { Job } from '../queue/types.ts';

/**
 * Periodic upkeep, enqueued by the scheduler role once per tick (job id = task + tick, so two schedulers
 * never produce two runs): renew push channels before expiry, catch up silent mailboxes, purge the vault.
 */
export function maintenanceHandler(ctx: PipelineContext) {
  return async (job: Job<MaintenanceJob>): Promise<void> => {
    switch (job.data.task) {
      case 'renew-subscriptions':
        return renewSubscriptions(ctx);
      case 'catch-up':
        return catchUp(ctx);
      case 'vault-purge': {
        const purged = await ctx.store.vault.purgeExpired();
        if (purged > 0) ctx.logger.info({ purged }, 'vault retention purge');
        return;
      }
    }
  };
}

async function renewSubscriptions(ctx: PipelineContext): Promise<void> {
  const due = await ctx.store.subscriptions.expiringBefore(new Date(Date.now() + ctx.config.SUBSCRIPTION_RENEW_BEFORE_MS));
  for (const sub of due) {
    const mailbox = await ctx.store.mailboxes.get(sub.tenantId, sub.mailboxId);
    if (!mailbox) continue;
    try {
      const provider = await ctx.providers.get(sub.tenantId);
      const { cursor } = await ctx.store.cursors.get(sub.tenantId, sub.mailboxId);
      const url = `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/webhooks/${mailbox.provider}`;
      const state = await provider.ensureSubscription(mailbox, { id: sub.id, expiresAt: sub.expiresAt, secret: sub.secret, cursor }, url);
      await ctx.store.subscriptions.save(mailbox.provider, sub.tenantId, sub.mailboxId, state);
      if (state.id !== sub.id) {
        // Recreated: pushes may have been missed meanwhile, so catch up.
        await enqueueCatchUp(ctx, sub.tenantId, sub.mailboxId, mailbox.provider, 'subscription recreated');
      }
      await ctx.store.actions.audit({ tenantId: sub.tenantId, actor: 'scheduler', action: 'renew-subscription', target: `${sub.tenantId}/${sub.mailboxId}`, reason: `expires ${sub.expiresAt.toISOString()}` });
    } catch (err) {
      // One mailbox failing must not stop the others; the next tick tries again.
      if (isAppError(err)) ctx.metrics.providerErrors.inc({ provider: mailbox.provider, code: err.code });
      ctx.logger.warn({ tenantId: sub.tenantId, mailboxId: sub.mailboxId, code: isAppError(err) ? err.code : 'unexpected' }, 'subscription renewal failed');
    }
  }
}

async function catchUp(ctx: PipelineContext): Promise<void> {
  const stale = await ctx.store.cursors.staleSince(new Date(Date.now() - ctx.config.CATCHUP_AFTER_MS));
  for (const s of stale) {
    const mailbox = await ctx.store.mailboxes.get(s.tenantId, s.mailboxId);
    if (mailbox?.enabled) await enqueueCatchUp(ctx, s.tenantId, s.mailboxId, mailbox.provider, 'no sync within CATCHUP_AFTER_MS');
  }
}

async function enqueueCatchUp(ctx: PipelineContext, tenantId: string, mailboxId: string, provider: 'm365' | 'google' | 'memory', reason: string): Promise<void> {
  const job = { provider, tenantId, mailboxId, trigger: { kind: 'catchup' as const, reason }, receivedAt: new Date().toISOString() };
  // One catch-up per mailbox per minute at most.
  await ctx.queues.notifications.add(job, ids.notification(job, `catchup:${Math.floor(Date.now() / 60_000)}`));
}
