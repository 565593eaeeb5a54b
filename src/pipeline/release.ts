import { AppError, isAppError } from '../core/errors.ts';
import type { PipelineContext } from './context.ts';
import { withProviderSlot } from './context.ts';
import { decideFailure } from './error-policy.ts';
import { ids, type RemediateJob } from './jobs.ts';
import type { Job } from './queue/types.ts';

/**
 * Puts a quarantined (or junked, trashed, purged) message back in the user's inbox. When the provider no longer
 * has it (purged), the vault's sealed copy is restored instead, so release works even after a purge.
 */
export async function releaseMessage(ctx: PipelineContext, messageKey: string, actor: string, reason: string): Promise<{ restored: boolean; messageId: string }> {
  const msg = await ctx.store.messages.get(messageKey);
  if (!msg) throw new AppError('not_found', 'unknown message', { retryable: false });
  const mailbox = await ctx.store.mailboxes.get(msg.tenant_id, msg.mailbox_id);
  if (!mailbox) throw new AppError('not_found', 'mailbox no longer protected', { retryable: false });
  const provider = await ctx.providers.get(msg.tenant_id);
  const ref = { mailbox, messageId: msg.message_id, direction: 'inbound' as const };
  let restored = false;
  let messageId = msg.message_id;
  try {
    const r = await withProviderSlot(ctx, mailbox, () => provider.remediate(ref, 'release'));
    messageId = r.messageId ?? messageId;
  } catch (err) {
    if (!isAppError(err) || err.code !== 'not_found') throw err;
    const raw = await ctx.store.vault.open(messageKey);
    if (!raw) throw new AppError('not_found', 'message gone from the mailbox and no vault copy left', { retryable: false });
    messageId = await withProviderSlot(ctx, mailbox, () => provider.restoreRaw(mailbox, raw));
    restored = true;
  }
  await ctx.store.actions.record({ id: ids.remediate(messageKey, 'release'), tenantId: msg.tenant_id, messageKey, action: 'release', status: 'done', detail: restored ? 'restored from vault' : reason });
  await ctx.store.actions.audit({ tenantId: msg.tenant_id, actor, action: 'release', target: messageKey, reason, detail: { restored } });
  return { restored, messageId };
}

/**
 * The remediate worker's `release` action: the release above, run by the queue so a throttled or unavailable
 * provider is retried with backoff and a release that cannot succeed is dead-lettered. The attempt that gives
 * up records the action as failed and audits it, so the dashboard shows it instead of a release that never ends.
 */
export async function runReleaseJob(ctx: PipelineContext, job: Job<RemediateJob>): Promise<void> {
  const d = job.data;
  const started = performance.now();
  try {
    const r = await releaseMessage(ctx, d.messageKey, d.actor, d.reason);
    ctx.metrics.actions.inc({ action: 'release', result: r.restored ? 'restored' : 'done' });
  } catch (err) {
    if (isAppError(err)) ctx.metrics.providerErrors.inc({ provider: d.provider, code: err.code });
    const decision = decideFailure(err, job.attempt, { maxAttempts: ctx.config.JOB_ATTEMPTS, baseDelayMs: 0, maxDelayMs: 0 });
    if (decision.kind === 'dead') {
      const code = isAppError(err) ? err.code : 'unexpected';
      await ctx.store.actions.record({ id: ids.remediate(d.messageKey, 'release'), tenantId: d.tenantId, messageKey: d.messageKey, action: 'release', status: 'failed', detail: `${code} after ${job.attempt} attempt(s)` });
      await ctx.store.actions.audit({ tenantId: d.tenantId, actor: d.actor, action: 'release.failed', target: d.messageKey, reason: d.reason, detail: { code, attempts: job.attempt } });
      ctx.metrics.actions.inc({ action: 'release', result: 'failed' });
    }
    throw err;
  } finally {
    ctx.metrics.stageSeconds.observe({ stage: 'remediate' }, (performance.now() - started) / 1000);
  }
}
