import { isAppError } from '../../core/errors.ts';
import type { MessageRef, RemediationResult } from '../../core/provider.ts';
import { withProviderSlot, type PipelineContext } from '../context.ts';
import { ids, type RemediateJob } from '../jobs.ts';
import { runReleaseJob } from '../release.ts';
import type { Job } from '../queue/types.ts';

const DESTRUCTIVE = new Set(['quarantine', 'junk', 'trash', 'purge']);

/**
 * Acts on a message: a sealed raw copy goes to the vault before anything destructive, then the provider acts
 * (idempotently: a replay reports changed:false), then the action and its actor are recorded and audited.
 */
export function remediateHandler(ctx: PipelineContext) {
  return async (job: Job<RemediateJob>): Promise<void> => {
    const d = job.data;
    if (d.action === 'release') return runReleaseJob(ctx, job);
    const record = (status: 'done' | 'noop' | 'failed', detail: string) =>
      ctx.store.actions.record({ id: ids.remediate(d.messageKey, d.action), tenantId: d.tenantId, messageKey: d.messageKey, action: d.action, status, detail });
    const mailbox = await ctx.directory.mailbox(d.tenantId, d.mailboxId);
    if (!mailbox) return record('noop', 'mailbox no longer protected');
    const ref: MessageRef = { mailbox, messageId: d.messageId, direction: 'inbound' };
    const provider = await ctx.providers.get(d.tenantId);
    const started = performance.now();
    try {
      if (DESTRUCTIVE.has(d.action) && !(await ctx.store.vault.has(d.messageKey))) {
        const raw = await withProviderSlot(ctx, mailbox, () => provider.fetchRaw(ref, { maxBytes: ctx.config.SCAN_MAX_BYTES }));
        await ctx.store.vault.keep({ messageKey: d.messageKey, tenantId: d.tenantId, mailboxId: d.mailboxId, messageId: d.messageId }, raw);
      }
      let result: RemediationResult;
      try {
        result = await withProviderSlot(ctx, mailbox, () => provider.remediate(ref, d.action, d.tag ? { tag: d.tag } : undefined));
      } catch (err) {
        if (isAppError(err) && err.code === 'already_done') result = { changed: false };
        else if (isAppError(err) && err.code === 'conflict' && d.action === 'hold_release') {
          // Moved out of the hold by someone else first (user, admin): nothing of ours to release.
          await record('noop', `no longer held: ${d.reason}`);
          return;
        } else throw err;
      }
      await record(result.changed ? 'done' : 'noop', result.changed ? d.reason : `already ${d.action}: ${d.reason}`);
      await ctx.store.actions.audit({ tenantId: d.tenantId, actor: d.actor, action: d.action, target: d.messageKey, reason: d.reason, detail: { changed: result.changed } });
      ctx.metrics.actions.inc({ action: d.action, result: result.changed ? 'done' : 'noop' });
    } catch (err) {
      if (isAppError(err)) ctx.metrics.providerErrors.inc({ provider: d.provider, code: err.code });
      if (isAppError(err) && err.code === 'not_found') {
        // The user or another tool removed it first: nothing left to act on, and that is recorded.
        await record('noop', 'message no longer in the mailbox');
        return;
      }
      if (isAppError(err) && !err.retryable) await record('failed', `${err.code}`);
      throw err;
    } finally {
      ctx.metrics.stageSeconds.observe({ stage: 'remediate' }, (performance.now() - started) / 1000);
    }
  };
}
