import { isAppError } from '../../core/errors.ts';
import type { ChangeBatch, MailboxRef, SkippedChange } from '../../core/provider.ts';
import { withProviderSlot, type PipelineContext } from '../context.ts';
import { ids, type NotificationJob } from '../jobs.ts';
import type { Job } from '../queue/types.ts';

/**
 * Resolves a notification into scan jobs: one sync per mailbox at a time (a lock shared by every process),
 * listChanges from the stored cursor, enqueue a scan per message, and only then advance the cursor, so a
 * crash between the two re-reads changes instead of losing them.
 */
export function notificationHandler(ctx: PipelineContext) {
  return async (job: Job<NotificationJob>): Promise<void> => {
    const { tenantId, mailboxId } = job.data;
    const mailbox = await ctx.directory.mailbox(tenantId, mailboxId);
    if (!mailbox || !mailbox.enabled) {
      ctx.logger.warn({ tenantId, mailboxId, jobId: job.id }, 'notification for an unknown or disabled mailbox dropped');
      return;
    }
    const started = performance.now();
    // Notifications that name their messages (Graph) read no cursor, so they need no mailbox-wide order and
    // run in parallel. Cursor-based syncs (Gmail history, delta catch-up) run one per mailbox at a time.
    const explicit = job.data.trigger.kind === 'notification' && (job.data.trigger.messageIds?.length ?? 0) > 0;
    const release = explicit ? null : await ctx.semaphore.acquire(`sync:${tenantId}:${mailboxId}`, 1, { ttlMs: 300_000, waitMs: 10_000 });
    try {
      const provider = await ctx.providers.get(tenantId);
      const cursor = explicit ? null : (await ctx.store.cursors.get(tenantId, mailboxId)).cursor;
      const batch = await listWithFallback(ctx, mailbox, job.data, cursor);
      const receivedAt = Date.parse(job.data.receivedAt) || Date.now();
      for (const m of batch.messages) {
        const messageKey = ids.message(mailbox.provider, tenantId, mailboxId, m.messageId);
        await ctx.store.messages.recordSeen({ key: messageKey, tenantId, mailboxId, messageId: m.messageId, direction: m.direction });
        await ctx.queues.scan.add(
          { provider: provider.id, tenantId, mailboxId, messageId: m.messageId, direction: m.direction, messageKey, receivedAt },
          ids.scan(messageKey),
        );
      }
      if (batch.skipped?.length) await recordSkipped(ctx, mailbox, batch.skipped);
      // Only after every scan job is enqueued; and a cursor only ever moves under the mailbox lock.
      if (!explicit) await ctx.store.cursors.advance(tenantId, mailboxId, batch.nextCursor);
      ctx.metrics.stageSeconds.observe({ stage: 'notify' }, (performance.now() - started) / 1000);
    } finally {
      await release?.();
    }
  };
}

async function listWithFallback(ctx: PipelineContext, mailbox: MailboxRef, job: NotificationJob, cursor: string | null): Promise<ChangeBatch> {
  const provider = await ctx.providers.get(mailbox.tenantId);
  try {
    return await withProviderSlot(ctx, mailbox, () => provider.listChanges(mailbox, job.trigger, cursor));
  } catch (err) {
    if (!isAppError(err)) throw err;
    ctx.metrics.providerErrors.inc({ provider: mailbox.provider, code: err.code });
    if (err.code !== 'cursor_expired') throw err;
    // The cursor is too old: the provider does a bounded full sync from scratch.
    ctx.logger.warn({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId }, 'cursor expired, running a full sync');
    return withProviderSlot(ctx, mailbox, () => provider.listChanges(mailbox, { kind: 'catchup', reason: 'cursor expired' }, null));
  }
}

/**
 * Entries the connector gave up on (a poison history entry) are recorded before the cursor moves past them:
 * the message shows up with status `skipped` and the reason, so nothing a provider announced vanishes silently.
 */
async function recordSkipped(ctx: PipelineContext, mailbox: MailboxRef, skipped: SkippedChange[]): Promise<void> {
  for (const entry of skipped) {
    ctx.logger.warn({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, ref: entry.ref, reason: entry.reason }, 'change entry skipped after repeated failures');
    if (!entry.messageId) continue;
    const key = ids.message(mailbox.provider, mailbox.tenantId, mailbox.mailboxId, entry.messageId);
    await ctx.store.messages.recordSeen({ key, tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, messageId: entry.messageId, direction: 'inbound' });
    // A message already scanned through another entry keeps its verdict.
    if ((await ctx.store.messages.get(key))?.status === 'scanned') continue;
    await ctx.store.messages.markError(key, 'skipped', `change entry given up after repeated failures: ${entry.reason}`);
  }
}
